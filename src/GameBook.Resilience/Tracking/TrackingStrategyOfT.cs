using GameBook.Telemetry.Memory;
using Polly;

namespace GameBook.Resilience.Tracking;

/// <summary>
/// The GameBook entry strategy of a typed pipeline: like <see cref="TrackingStrategy"/> (load shedding, then
/// tracking), and counts a result that <c>ShouldHandleResult</c> marks as a failure. Thread-safe.
/// </summary>
internal sealed class TrackingStrategy<TResult>(PipelineTracker tracker, IMemoryPressure? sheddingPressure, Func<TResult, bool>? isFailure) : ResilienceStrategy<TResult>
{
    protected override ValueTask<Outcome<TResult>> ExecuteCore<TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback,
        ResilienceContext context,
        TState state)
    {
        if (sheddingPressure is not null && sheddingPressure.Level >= MemoryLevel.Maximum)
        {
            return new ValueTask<Outcome<TResult>>(tracker.Shed<TResult>());
        }

        var pending = callback(context, state);
        if (pending.IsCompletedSuccessfully)
        {
            var outcome = pending.Result;
            Record(outcome, context);
            return new ValueTask<Outcome<TResult>>(outcome);
        }

        return AwaitAndRecord(pending, context);
    }

    private async ValueTask<Outcome<TResult>> AwaitAndRecord(ValueTask<Outcome<TResult>> pending, ResilienceContext context)
    {
        var outcome = await pending.ConfigureAwait(context.ContinueOnCapturedContext);
        Record(outcome, context);
        return outcome;
    }

    private void Record(Outcome<TResult> outcome, ResilienceContext context)
    {
        if (outcome.Exception is null && isFailure is not null && isFailure(outcome.Result!))
        {
            tracker.RecordFailedResult(outcome.Result);
            return;
        }

        tracker.Record(outcome.Exception, context.CancellationToken);
    }
}
