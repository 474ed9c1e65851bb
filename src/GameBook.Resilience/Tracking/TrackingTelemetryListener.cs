using GameBook.Resilience.Diagnostics;
using Polly;
using Polly.Telemetry;

namespace GameBook.Resilience.Tracking;

/// <summary>
/// The telemetry listener of one GameBook pipeline instance. Polly reports <c>PipelineExecuted</c> once per call, with
/// the call's final outcome, to the listener of the pipeline's builder; this listener counts that outcome in the
/// pipeline's <see cref="PipelineTracker"/> and hands every event on to Polly's own listener (through the
/// <see cref="PollyTelemetryGate"/>, when there is one). Tracking therefore adds no strategy to Polly's chain: each
/// strategy costs two generic virtual calls per execution, the event is raised anyway. Thread-safe.
/// </summary>
/// <typeparam name="TPipelineResult">The result type of a typed pipeline; <see cref="object"/> for an untyped one.</typeparam>
internal sealed class TrackingTelemetryListener<TPipelineResult> : TelemetryListener
{
    /// <summary>Set by a fallback that has already counted the call it substituted for (see <see cref="MarkRecorded"/>).</summary>
    private static readonly ResiliencePropertyKey<bool> RecordedByFallback = new("GameBook.Resilience.RecordedByFallback");

    private readonly PipelineTracker _tracker;
    private readonly Func<TPipelineResult, bool>? _isFailedResult;
    private readonly bool _hasFallback;
    private readonly TelemetryListener? _polly;
    private readonly PollyTelemetryGate? _gate;

    /// <param name="tracker">Where calls are counted.</param>
    /// <param name="isFailedResult">Results that count as failures (typed pipelines); null for none.</param>
    /// <param name="hasFallback">Whether the pipeline has a fallback, which counts the calls it handles itself.</param>
    /// <param name="polly">Polly's listener, if any, to hand the events on to.</param>
    /// <param name="gate">Filters the per-call events nobody observes; null to hand on everything.</param>
    public TrackingTelemetryListener(PipelineTracker tracker, Func<TPipelineResult, bool>? isFailedResult, bool hasFallback, TelemetryListener? polly, PollyTelemetryGate? gate)
    {
        _tracker = tracker;
        _isFailedResult = isFailedResult;
        _hasFallback = hasFallback;
        _polly = polly;
        _gate = gate;
    }

    /// <summary>
    /// Counts the outcome a fallback is about to replace, and marks the call so that its final (substituted) outcome
    /// is not counted again: the tracker reports what the dependency did, not what the caller received.
    /// </summary>
    public static void MarkRecorded(PipelineTracker tracker, Outcome<TPipelineResult> handled, ResilienceContext context, Func<TPipelineResult, bool>? isFailedResult)
    {
        tracker.Record(handled, isFailedResult, context.CancellationToken);
        context.Properties.Set(RecordedByFallback, true);
    }

    public override void Write<TResult, TArgs>(in TelemetryEventArguments<TResult, TArgs> args)
    {
        if (typeof(TArgs) == typeof(PipelineExecutedArguments) && args.Outcome.HasValue)
        {
            Record(args.Outcome.GetValueOrDefault(), args.Context);
        }

        if (_polly is not null && (_gate is null || _gate.Passes(in args)))
        {
            _polly.Write(in args);
        }
    }

    private void Record<TResult>(Outcome<TResult> outcome, ResilienceContext context)
    {
        if (_hasFallback && context.Properties.TryGetValue(RecordedByFallback, out var recorded) && recorded)
        {
            context.Properties.Set(RecordedByFallback, false); // a context can be reused for another call
            return;
        }

        // The predicate is for the pipeline's result type; Polly reports that type here (the cast only renames it).
        var isFailedResult = typeof(TResult) == typeof(TPipelineResult) ? _isFailedResult as Func<TResult, bool> : null;
        _tracker.Record(outcome, isFailedResult, context.CancellationToken);
    }
}
