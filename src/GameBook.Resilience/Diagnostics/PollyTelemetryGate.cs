using System.Diagnostics.Metrics;
using GameBook.Telemetry;
using Microsoft.Extensions.Logging;
using Polly.Telemetry;

namespace GameBook.Resilience.Diagnostics;

/// <summary>
/// Decides whether Polly's telemetry listener (the one Polly.Extensions gives every pipeline it registers) would do
/// anything with one of the three events of every call (pipeline executing, execution attempt, pipeline executed):
/// not when no listener is attached to the matching instrument of Polly's meter and Polly's logger is off at the
/// level Polly logs them at. Polly's listener otherwise formats the result, asks the logger and checks its
/// instruments three times per call for nothing. Every other event (retries, breaker transitions, timeouts, reloads)
/// and every event somebody observes passes, so the meter keeps its tags (pipeline name included) and starts
/// reporting as soon as someone listens. Thread-safe.
/// </summary>
internal sealed class PollyTelemetryGate
{
    /// <summary>Polly's instrument names (Polly.Extensions, <c>TelemetryListenerImpl</c>).</summary>
    private const string PipelineDurationName = "resilience.polly.pipeline.duration";

    private const string AttemptDurationName = "resilience.polly.strategy.attempt.duration";

    /// <summary>Polly's logger category (Polly.Extensions logs under the meter's name).</summary>
    private const string PollyLoggerCategory = GameBookTelemetryNames.PollyMeter;

    private static readonly InstrumentWatch Watch = InstrumentWatch.Start();

    private readonly ILogger _logger;

    private PollyTelemetryGate(ILoggerFactory loggerFactory) => _logger = loggerFactory.CreateLogger(PollyLoggerCategory);

    /// <summary>
    /// Returns a gate for Polly's listener configured by <paramref name="options"/>, or <see langword="null"/> when
    /// gating could change what Polly reports: options with listeners of their own or a severity provider (those
    /// see, or relevel, every event), or no options at all.
    /// </summary>
    public static PollyTelemetryGate? For(TelemetryOptions? options) =>
        options is null || options.TelemetryListeners.Count != 0 || options.SeverityProvider is not null
            ? null
            : new PollyTelemetryGate(options.LoggerFactory);

    /// <summary>Whether Polly's listener should receive this event.</summary>
    public bool Passes<TResult, TArgs>(in TelemetryEventArguments<TResult, TArgs> args)
    {
        if (typeof(TArgs) == typeof(PipelineExecutingArguments))
        {
            return _logger.IsEnabled(LogLevel.Debug); // Logged at Debug; no instrument.
        }

        if (typeof(TArgs) == typeof(PipelineExecutedArguments))
        {
            return Watch.PipelineDurationObserved || _logger.IsEnabled(LogLevel.Debug);
        }

        if (typeof(TArgs) == typeof(ExecutionAttemptArguments))
        {
            return Watch.AttemptDurationObserved || _logger.IsEnabled(LogLevelOf(args.Event.Severity));
        }

        return true;
    }

    private static LogLevel LogLevelOf(ResilienceEventSeverity severity) => severity switch
    {
        ResilienceEventSeverity.Debug => LogLevel.Debug,
        ResilienceEventSeverity.Information => LogLevel.Information,
        ResilienceEventSeverity.Warning => LogLevel.Warning,
        ResilienceEventSeverity.Error => LogLevel.Error,
        ResilienceEventSeverity.Critical => LogLevel.Critical,
        _ => LogLevel.None,
    };

    /// <summary>
    /// Finds Polly's duration histograms without listening to them (so <see cref="Instrument.Enabled"/> still says
    /// whether anyone else does). Until an instrument is found, it counts as observed.
    /// </summary>
    private sealed class InstrumentWatch
    {
        private volatile Instrument? _pipelineDuration;
        private volatile Instrument? _attemptDuration;

        public bool PipelineDurationObserved => _pipelineDuration?.Enabled ?? true;

        public bool AttemptDurationObserved => _attemptDuration?.Enabled ?? true;

        /// <summary>Starts watching; the listener lives for the process, like Polly's meter.</summary>
        public static InstrumentWatch Start()
        {
            var watch = new InstrumentWatch();
#pragma warning disable CA2000 // Never disposed on purpose: started listeners stay registered with the runtime for the process.
            var listener = new MeterListener { InstrumentPublished = watch.OnPublished };
#pragma warning restore CA2000
            listener.Start();
            return watch;
        }

        private void OnPublished(Instrument instrument, MeterListener listener)
        {
            if (instrument.Meter.Name != GameBookTelemetryNames.PollyMeter)
            {
                return;
            }

            if (instrument.Name == PipelineDurationName)
            {
                _pipelineDuration = instrument;
            }
            else if (instrument.Name == AttemptDurationName)
            {
                _attemptDuration = instrument;
            }
        }
    }
}
