using System.Diagnostics.Metrics;
using GameBook.Telemetry;
using Microsoft.Extensions.Logging;
using Polly.Telemetry;

namespace GameBook.Resilience.Diagnostics;

/// <summary>
/// Sits in front of Polly's telemetry listener (the one Polly.Extensions gives every pipeline it registers) and drops
/// the three events of every call (pipeline executing, execution attempt, pipeline executed) when nothing would
/// observe them: no listener on the matching instrument of Polly's meter and Polly's logger off at the level Polly
/// logs them at. Polly's listener otherwise formats the result, asks the logger and checks its instruments three
/// times per call for nothing. Every other event (retries, breaker transitions, timeouts, reloads) and every event
/// somebody observes goes to Polly's listener unchanged, so the meter keeps its tags (pipeline name included) and
/// starts reporting as soon as someone listens. Only used when Polly's telemetry options have no listeners and no
/// severity provider of their own. Thread-safe.
/// </summary>
internal sealed class PollyTelemetryGate : TelemetryListener
{
    /// <summary>Polly's instrument names (Polly.Extensions, <c>TelemetryListenerImpl</c>).</summary>
    private const string PipelineDurationName = "resilience.polly.pipeline.duration";

    private const string AttemptDurationName = "resilience.polly.strategy.attempt.duration";

    /// <summary>Polly's logger category (Polly.Extensions logs under the meter's name).</summary>
    private const string PollyLoggerCategory = GameBookTelemetryNames.PollyMeter;

    private static readonly InstrumentWatch Watch = InstrumentWatch.Start();

    private readonly TelemetryListener _polly;
    private readonly ILogger _logger;

    private PollyTelemetryGate(TelemetryListener polly, ILoggerFactory loggerFactory)
    {
        _polly = polly;
        _logger = loggerFactory.CreateLogger(PollyLoggerCategory);
    }

    /// <summary>
    /// Returns the gate over Polly's listener, or the listener itself when the gate could change what it reports:
    /// none set, or options with listeners or a severity provider (those see, or relevel, every event).
    /// </summary>
    public static TelemetryListener? Wrap(TelemetryListener? polly, TelemetryOptions? options)
    {
        if (polly is null || options is null || options.TelemetryListeners.Count != 0 || options.SeverityProvider is not null)
        {
            return polly;
        }

        return new PollyTelemetryGate(polly, options.LoggerFactory);
    }

    public override void Write<TResult, TArgs>(in TelemetryEventArguments<TResult, TArgs> args)
    {
        if (typeof(TArgs) == typeof(PipelineExecutingArguments))
        {
            // Logged at Debug; no instrument.
            if (!_logger.IsEnabled(LogLevel.Debug))
            {
                return;
            }
        }
        else if (typeof(TArgs) == typeof(PipelineExecutedArguments))
        {
            if (!Watch.PipelineDurationObserved && !_logger.IsEnabled(LogLevel.Debug))
            {
                return;
            }
        }
        else if (typeof(TArgs) == typeof(ExecutionAttemptArguments))
        {
            if (!Watch.AttemptDurationObserved && !_logger.IsEnabled(LogLevelOf(args.Event.Severity)))
            {
                return;
            }
        }

        _polly.Write(in args);
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
