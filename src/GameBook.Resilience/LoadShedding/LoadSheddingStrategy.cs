using GameBook.Telemetry.Memory;
using Polly;

namespace GameBook.Resilience.LoadShedding;

/// <summary>
/// Rejects every call with a <see cref="LoadSheddingRejectedException"/> while <see cref="IMemoryPressure.Level"/>
/// is <see cref="MemoryLevel.Maximum"/>; otherwise passes the call through with one volatile read and no
/// allocation. Thread-safe.
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
