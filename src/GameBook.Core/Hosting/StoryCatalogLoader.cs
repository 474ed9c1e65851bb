using Microsoft.Extensions.Hosting;

namespace GameBook.Hosting;

/// <summary>Loads the story catalog when the host starts, so the first request does not pay for compilation.</summary>
internal sealed class StoryCatalogLoader(IStoryCatalog catalog) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (catalog is StoryCatalog storyCatalog)
        {
            storyCatalog.Load();
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
