using GameBook.Telemetry.Memory;
using Polly;

namespace GameBook.Resilience.Tracking;

/// <summary>
/// The GameBook entry strategy of an untyped pipeline (outermost, or inside a typed pipeline's fallback): sheds
/// load while the memory pressure is <see cref="MemoryLevel.Maximum"/> (when enabled), then counts each execution
/// once by its final outcome. Load shedding and tracking share one strategy so a GameBook pipeline adds a single
/// component to Polly's chain. Pass-through path: one volatile read, two Interlocked increments, one timestamp,
/// no allocation when the inner pipeline completes synchronously (one async state machine otherwise). Thread-safe.
/// </summary>
internal sealed class TrackingStrategy(PipelineTracker tracker, IMemoryPressure? sheddingPressure) : ResilienceStrategy
{
    protected override ValueTask<Outcome<TResult>> ExecuteCore<TResult, TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback,
        ResilienceContext context,
        TState state)
    {
        if (sheddingPressure is not null && sheddingPressure.Level >= MemoryLevel.Maximum)
        {
            return new ValueTask<Outcome<TResult>>(tracker.Shed<TResult>());
        }

        ValueTask<Outcome<TResult>> pending;
        try
        {
            pending = callback(context, state);
        }
#pragma warning disable CA1031 // Polly turns every exception of a callback into an outcome; so does this strategy.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            tracker.Record(exception, context.CancellationToken);
            return new ValueTask<Outcome<TResult>>(Outcome.FromException<TResult>(exception));
        }

        if (pending.IsCompletedSuccessfully)
        {
            var outcome = pending.Result;
            tracker.Record(outcome.Exception, context.CancellationToken);
            return new ValueTask<Outcome<TResult>>(outcome);
        }

        return AwaitAndRecord(pending, context);
    }

    private async ValueTask<Outcome<TResult>> AwaitAndRecord<TResult>(ValueTask<Outcome<TResult>> pending, ResilienceContext context)
    {
        Outcome<TResult> outcome;
        try
        {
            outcome = await pending.ConfigureAwait(context.ContinueOnCapturedContext);
        }
#pragma warning disable CA1031 // See above.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            outcome = Outcome.FromException<TResult>(exception);
        }

        tracker.Record(outcome.Exception, context.CancellationToken);
        return outcome;
    }
}

/// <summary>Options that name GameBook's own strategy in Polly's telemetry and descriptors.</summary>
internal sealed class GameBookStrategyOptions : ResilienceStrategyOptions
{
    public GameBookStrategyOptions(string name) => Name = name;
}
