using System.Diagnostics.Metrics;
using GameBook.Resilience.Tracking;
using GameBook.Telemetry;
using Polly.CircuitBreaker;

namespace GameBook.Resilience.Diagnostics;

/// <summary>
/// The instruments of GameBook.Resilience on a meter from the container's <see cref="IMeterFactory"/>. The
/// observable instruments read the trackers, so calls cost nothing extra when nobody listens. Thread-safe.
/// </summary>
internal sealed class ResilienceInstrumentation
{
    private static readonly (CallOutcome Outcome, string Name)[] RejectionKinds =
    [
        (CallOutcome.RejectedCircuitOpen, "circuit_open"),
        (CallOutcome.RejectedIsolated, "isolated"),
        (CallOutcome.RejectedConcurrencyLimit, "concurrency_limit"),
        (CallOutcome.RejectedLoadShedding, "load_shedding"),
        (CallOutcome.RejectedOther, "other"),
    ];

    private readonly Func<IEnumerable<PipelineTracker>> _trackers;

    public ResilienceInstrumentation(IMeterFactory meterFactory, Func<IEnumerable<PipelineTracker>> trackers)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _trackers = trackers;
        Meter = meterFactory.Create(GameBookTelemetryNames.Resilience);
        BreakerTransitions = Meter.CreateCounter<long>(GameBookResilienceNames.BreakerTransitions, "{transition}", "Circuit breaker state transitions, by the state entered.");
        _ = Meter.CreateObservableGauge(GameBookResilienceNames.BreakerState, ObserveStates, "{state}", "Circuit breaker state: 0 Closed, 1 Open, 2 HalfOpen, 3 Isolated.");
        _ = Meter.CreateObservableCounter(GameBookResilienceNames.Rejections, ObserveRejections, "{call}", "Calls rejected without running, by kind.");
        _ = Meter.CreateObservableCounter(GameBookResilienceNames.Calls, ObserveCalls, "{call}", "Calls through the pipeline, by final outcome.");
        _ = Meter.CreateObservableCounter(GameBookResilienceNames.Retries, ObserveRetries, "{attempt}", "Retry attempts.");
    }

    public Meter Meter { get; }

    public Counter<long> BreakerTransitions { get; }

    public static string StateName(CircuitState state) => state switch
    {
        CircuitState.Closed => "closed",
        CircuitState.Open => "open",
        CircuitState.HalfOpen => "half_open",
        CircuitState.Isolated => "isolated",
        _ => "unknown",
    };

    private IEnumerable<Measurement<int>> ObserveStates()
    {
        foreach (var tracker in _trackers())
        {
            if (tracker.HasBreaker && tracker.CurrentState is { } state)
            {
                yield return new Measurement<int>((int)state, tracker.PipelineTag);
            }
        }
    }

    private IEnumerable<Measurement<long>> ObserveRejections()
    {
        foreach (var tracker in _trackers())
        {
            foreach (var (outcome, name) in RejectionKinds)
            {
                yield return new Measurement<long>(tracker.TotalOf(outcome), tracker.PipelineTag, new KeyValuePair<string, object?>(GameBookResilienceNames.RejectionKindTag, name));
            }
        }
    }

    private IEnumerable<Measurement<long>> ObserveCalls()
    {
        foreach (var tracker in _trackers())
        {
            var rejected = 0L;
            foreach (var (outcome, _) in RejectionKinds)
            {
                rejected += tracker.TotalOf(outcome);
            }

            yield return Calls(tracker, tracker.TotalOf(CallOutcome.Success), "success");
            yield return Calls(tracker, tracker.TotalOf(CallOutcome.Failure), "failure");
            yield return Calls(tracker, tracker.TotalOf(CallOutcome.Timeout), "timeout");
            yield return Calls(tracker, rejected, "rejected");
            yield return Calls(tracker, tracker.TotalOf(CallOutcome.Canceled), "canceled");
        }
    }

    private IEnumerable<Measurement<long>> ObserveRetries()
    {
        foreach (var tracker in _trackers())
        {
            yield return new Measurement<long>(tracker.Retries, tracker.PipelineTag);
        }
    }

    private static Measurement<long> Calls(PipelineTracker tracker, long value, string outcome) =>
        new(value, tracker.PipelineTag, new KeyValuePair<string, object?>(GameBookResilienceNames.OutcomeTag, outcome));
}
