using GameBook.Telemetry.Memory;

namespace GameBook.Samples.Web.Sessions;

/// <summary>
/// A GameBook.Telemetry optimization trigger: at memory level Critical and above, evicts sessions idle for
/// <see cref="SessionServerOptions.EvictIdleAfter"/> (a store that can keep them saves them first), at most every
/// 30 seconds while the level persists. Resolves the session service when it runs: the memory alert manager that
/// holds the handlers is itself a dependency of the sessions' resilience pipeline (load shedding). Thread-safe.
/// </summary>
internal sealed class IdleSessionEvictionHandler(IServiceProvider services) : IMemoryOptimizationHandler
{
    public string Name => "evict-idle-sessions";

    public TimeSpan MinimumInterval => TimeSpan.FromSeconds(30);

    public bool RepeatWhileLevelPersists => true;

    public bool AppliesTo(MemoryLevel level) => level >= MemoryLevel.Critical;

    public async ValueTask RunAsync(MemoryOptimizationContext context, CancellationToken cancellationToken) =>
        await services.GetRequiredService<SessionService>().EvictIdleAsync(cancellationToken).ConfigureAwait(false);
}
