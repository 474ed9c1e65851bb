using Microsoft.Extensions.Hosting;

namespace GameBook.Workers;

/// <summary>Creates every registered pool when the host starts and stops them all (draining) when it stops.</summary>
internal sealed class WorkerPoolHostedService(IWorkerPoolProvider provider) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var name in provider.PoolNames)
        {
            _ = provider.GetPool(name);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(provider.PoolNames.Select(name => provider.GetPool(name).StopAsync(cancellationToken)));
}
