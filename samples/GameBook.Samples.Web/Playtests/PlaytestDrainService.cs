using GameBook.Workers;
using Microsoft.Extensions.Options;

namespace GameBook.Samples.Web.Playtests;

/// <summary>
/// Graceful shutdown of the story server. When the host stops, before any hosted service stops (the web server
/// included, which stops listening as soon as its own stop runs), it refuses new sessions and playtests and waits
/// for the running playtests to finish within the default worker pool's <see cref="WorkerPoolOptions.DrainTimeout"/>,
/// cancelling what is left; existing sessions and playtest polls are answered meanwhile. The pool's own stop then
/// finds nothing left to drain. Thread-safe.
/// </summary>
internal sealed class PlaytestDrainService(
    StoryServerLifetime lifetime, PlaytestService playtests, IOptionsMonitor<WorkerPoolOptions> pools) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken)
    {
        lifetime.StopAccepting();
        return playtests.DrainAsync(pools.Get(WorkerPoolDefaults.DefaultPoolName).DrainTimeout, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
