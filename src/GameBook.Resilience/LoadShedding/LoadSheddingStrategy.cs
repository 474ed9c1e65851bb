using GameBook.Telemetry.Memory;
using Polly;

namespace GameBook.Resilience.LoadShedding;

/// <summary>
/// Rejects a call at once with <see cref="LoadSheddingRejectedException"/> while the memory pressure level is
/// <see cref="MemoryLevel.Maximum"/>; otherwise passes it on (one volatile read). Outermost after the fallback, so a
/// shed call costs nothing downstream. Counting is left to the tracking listener, which sees the rejection as the
/// call's outcome. Serves typed and untyped pipelines. Thread-safe.
/// </summary>
internal sealed class LoadSheddingStrategy(string pipelineName, IMemoryPressure pressure) : ResilienceStrategy
{
    protected override ValueTask<Outcome<TResult>> ExecuteCore<TResult, TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback,
        ResilienceContext context,
        TState state)
    {
        if (pressure.Level >= MemoryLevel.Maximum)
        {
            return new ValueTask<Outcome<TResult>>(Outcome.FromException<TResult>(LoadSheddingRejectedException.ForPipeline(pipelineName)));
        }

        return callback(context, state);
    }
}

/// <summary>Options that name the load-shedding strategy in Polly's telemetry and descriptors.</summary>
internal sealed class LoadSheddingStrategyOptions : ResilienceStrategyOptions
{
    public LoadSheddingStrategyOptions() => Name = GameBookResilienceNames.LoadSheddingStrategyName;
}
