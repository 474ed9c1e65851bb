using System.Diagnostics;
using GameBook.Telemetry.Alerts;
using GameBook.Telemetry.Diagnostics;
using GameBook.Telemetry.Readings;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GameBook.Telemetry.Memory;

/// <summary>
/// Turns memory readings into levels (Normal, Warning, Critical, Maximum) with hysteresis, raises an alert to
/// every sink and into a bounded history on each change, runs the optimization handlers, and is the
/// process's <see cref="IMemoryPressure"/> signal. Thread-safe: samples are evaluated one at a time;
/// <see cref="Level"/>, <see cref="LastReading"/> and <see cref="GetHistory"/> may be read from any thread.
/// </summary>
public sealed class MemoryAlertManager : IMemoryPressure, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Lock _historyLock = new();
    private readonly Queue<MemoryAlert> _history = new();
    private readonly Dictionary<IMemoryOptimizationHandler, DateTimeOffset> _lastRuns = new(ReferenceEqualityComparer.Instance);
    private readonly IResourceReader _reader;
    private readonly LastValidOptions<MemoryAlertOptions> _options;
    private readonly IAlertSink[] _sinks;
    private readonly IMemoryOptimizationHandler[] _handlers;
    private readonly TimeProvider _timeProvider;
    private readonly TelemetryInstrumentation _instrumentation;
    private readonly ILogger _logger;
    private ResourceReading? _lastReading;
    private int _level;

    internal MemoryAlertManager(
        IResourceReader reader,
        IOptionsMonitor<MemoryAlertOptions> options,
        IEnumerable<IAlertSink> sinks,
        IEnumerable<IMemoryOptimizationHandler> handlers,
        TimeProvider timeProvider,
        TelemetryInstrumentation instrumentation,
        ILogger<MemoryAlertManager> logger)
    {
        _reader = reader;
        _options = new LastValidOptions<MemoryAlertOptions>(options, logger);
        _sinks = [.. sinks];
        _handlers = [.. handlers];
        _timeProvider = timeProvider;
        _instrumentation = instrumentation;
        _logger = logger;
    }

    /// <inheritdoc />
    public event EventHandler<MemoryLevelChangedEventArgs>? LevelChanged;

    /// <inheritdoc />
    public MemoryLevel Level => (MemoryLevel)Volatile.Read(ref _level);

    /// <summary>The last reading evaluated; <see langword="null"/> before the first sample.</summary>
    public ResourceReading? LastReading => Volatile.Read(ref _lastReading);

    /// <summary>The most recent alerts, oldest first, at most <see cref="MemoryAlertOptions.HistorySize"/>.</summary>
    /// <returns>A copy of the history.</returns>
    public IReadOnlyList<MemoryAlert> GetHistory()
    {
        lock (_historyLock)
        {
            return [.. _history];
        }
    }

    /// <inheritdoc />
    public void Dispose() => _gate.Dispose();

    /// <summary>Takes a reading now and evaluates it (the sampling service calls this every interval).</summary>
    /// <param name="cancellationToken">Cancels waiting for a sample in progress and the handlers.</param>
    /// <returns>The level after the sample.</returns>
    public ValueTask<MemoryLevel> SampleAsync(CancellationToken cancellationToken = default) =>
        EvaluateAsync(_reader.Read(), cancellationToken);

    /// <summary>The level for <paramref name="percent"/> when the current level is <paramref name="current"/>.</summary>
    /// <remarks>
    /// Rising: the highest level whose threshold is reached. Falling: a level is kept until usage is
    /// <see cref="MemoryAlertOptions.HysteresisPercent"/> points below its threshold, level by level.
    /// </remarks>
    internal static MemoryLevel ComputeLevel(MemoryLevel current, double percent, MemoryAlertOptions options)
    {
        var reached = MemoryLevel.Normal;
        for (var level = MemoryLevel.Maximum; level > MemoryLevel.Normal; level--)
        {
            if (percent >= options.ThresholdOf(level))
            {
                reached = level;
                break;
            }
        }

        if (reached >= current)
        {
            return reached;
        }

        var kept = current;
        while (kept > reached && percent < options.ThresholdOf(kept) - options.HysteresisPercent)
        {
            kept--;
        }

        return kept;
    }

    /// <summary>The options in force: the current ones, or the last valid ones while a rejected change is in force.</summary>
    internal MemoryAlertOptions CurrentOptions => _options.Current;

    internal async ValueTask<MemoryLevel> EvaluateAsync(ResourceReading reading, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reading);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var options = _options.Current;
            var previous = Level;
            var next = ComputeLevel(previous, reading.MemoryPercent, options);
            Volatile.Write(ref _lastReading, reading);
            _instrumentation.SetReading(reading);
            if (next != previous)
            {
                Volatile.Write(ref _level, (int)next);
                _instrumentation.SetLevel(next);
                var alert = new MemoryAlert
                {
                    Level = next,
                    PreviousLevel = previous,
                    UsedBytes = reading.MemoryUsedBytes,
                    UsagePercent = reading.MemoryPercent,
                    LimitBytes = reading.MemoryLimitBytes,
                    Timestamp = reading.Timestamp,
                };
                AddToHistory(alert, options.HistorySize);
                _instrumentation.MemoryAlerts.Add(
                    1,
                    new KeyValuePair<string, object?>(GameBookTelemetryNames.LevelTag, next.ToString()),
                    new KeyValuePair<string, object?>(GameBookTelemetryNames.PreviousLevelTag, previous.ToString()));
                RaiseLevelChanged(alert);
                await SendToSinksAsync(alert, cancellationToken).ConfigureAwait(false);
            }

            await RunHandlersAsync(next, next != previous, reading, cancellationToken).ConfigureAwait(false);
            return next;
        }
        finally
        {
            _ = _gate.Release();
        }
    }

    private void AddToHistory(MemoryAlert alert, int size)
    {
        lock (_historyLock)
        {
            _history.Enqueue(alert);
            while (_history.Count > size)
            {
                _ = _history.Dequeue();
            }
        }
    }

    private void RaiseLevelChanged(MemoryAlert alert)
    {
        var handlers = LevelChanged;
        if (handlers is null)
        {
            return;
        }

        var args = new MemoryLevelChangedEventArgs(alert);
        foreach (var handler in handlers.GetInvocationList().Cast<EventHandler<MemoryLevelChangedEventArgs>>())
        {
            try
            {
                handler(this, args);
            }
#pragma warning disable CA1031 // A subscriber's failure must not stop the others or the sampling loop.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Log.LevelChangedHandlerFailed(_logger, ex);
            }
        }
    }

    private async ValueTask SendToSinksAsync(MemoryAlert alert, CancellationToken cancellationToken)
    {
        foreach (var sink in _sinks)
        {
            try
            {
                await sink.SendAsync(alert, cancellationToken).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // A sink's failure must not stop the others or the sampling loop.
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
            {
                Log.AlertSinkFailed(_logger, ex, sink.GetType().Name);
            }
        }
    }

    private async ValueTask RunHandlersAsync(MemoryLevel level, bool entered, ResourceReading reading, CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();
        MemoryOptimizationContext? context = null;
        foreach (var handler in _handlers)
        {
            if (!handler.AppliesTo(level) || (!entered && !handler.RepeatWhileLevelPersists))
            {
                continue;
            }

            if (_lastRuns.TryGetValue(handler, out var lastRun) && now - lastRun < handler.MinimumInterval)
            {
                continue;
            }

            _lastRuns[handler] = now;
            context ??= new MemoryOptimizationContext { Level = level, LevelEntered = entered, Reading = reading };
            using var activity = TelemetryInstrumentation.ActivitySource.StartActivity(GameBookTelemetryNames.OptimizationActivity);
            _ = activity?.SetTag(GameBookTelemetryNames.HandlerTag, handler.Name);
            string outcome;
            try
            {
                await handler.RunAsync(context, cancellationToken).ConfigureAwait(false);
                outcome = "success";
                Log.OptimizationRan(_logger, handler.Name, level);
            }
#pragma warning disable CA1031 // A failing handler is logged and never stops the others.
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
            {
                outcome = "failure";
                _ = activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
                Log.OptimizationFailed(_logger, ex, handler.Name, level);
            }

            _instrumentation.OptimizationRuns.Add(
                1,
                new KeyValuePair<string, object?>(GameBookTelemetryNames.HandlerTag, handler.Name),
                new KeyValuePair<string, object?>(GameBookTelemetryNames.OutcomeTag, outcome));
        }
    }
}
