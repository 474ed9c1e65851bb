using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using GameBook.Telemetry.Alerts;
using GameBook.Telemetry.Memory;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace GameBook.Telemetry.Dashboard;

/// <summary>
/// The in-process dashboard model: listens (with a <see cref="MeterListener"/>) to every meter whose name
/// starts with <c>GameBook.</c>, to <c>Polly</c> and to <c>System.Runtime</c> (static meters, or meters of this
/// container's <see cref="IMeterFactory"/>), keeps per-second points in fixed-size rings for each instrument and
/// tag set (bounded by <see cref="DashboardOptions.MaxSeries"/>, the overflow counted), and builds
/// <see cref="DashboardSnapshot"/>s with CPU, memory, alerts and the latest health report. Thread-safe: recording
/// takes one short per-series lock; <see cref="GetSnapshot"/> never holds it while copying points.
/// </summary>
public sealed class TelemetryDashboard : IDisposable
{
    private readonly MeterListener _listener;
    private readonly IMeterFactory _meterFactory;
    private readonly TimeProvider _timeProvider;
    private readonly MemoryAlertManager _memory;
    private readonly InMemoryAlertSink _alerts;
    private readonly DashboardOptions _options;
    private readonly int _capacity;
    private readonly ConcurrentDictionary<Instrument, InstrumentState> _instruments = new();
    private readonly ITimer? _timer;
    private HealthSnapshot? _health;
    private int _seriesCount;
    private long _overflow;
    private int _ticking;
    private int _disposed;
    private long _observationFailures;

    internal TelemetryDashboard(
        IMeterFactory meterFactory,
        TimeProvider timeProvider,
        MemoryAlertManager memory,
        InMemoryAlertSink alerts,
        IOptions<DashboardOptions> options,
        bool startTimer = true)
    {
        _meterFactory = meterFactory;
        _timeProvider = timeProvider;
        _memory = memory;
        _alerts = alerts;
        _options = options.Value;
        _capacity = (int)Math.Ceiling(_options.Window.TotalSeconds);
        // The state is null when an instrument is removed (its meter disposed) while the listener observes it.
        _listener = new MeterListener { InstrumentPublished = OnInstrumentPublished, MeasurementsCompleted = OnMeasurementsCompleted };
        _listener.SetMeasurementEventCallback<double>(static (i, v, t, s) => (s as InstrumentState)?.Record(v, t));
        _listener.SetMeasurementEventCallback<float>(static (i, v, t, s) => (s as InstrumentState)?.Record(v, t));
        _listener.SetMeasurementEventCallback<long>(static (i, v, t, s) => (s as InstrumentState)?.Record(v, t));
        _listener.SetMeasurementEventCallback<int>(static (i, v, t, s) => (s as InstrumentState)?.Record(v, t));
        _listener.SetMeasurementEventCallback<short>(static (i, v, t, s) => (s as InstrumentState)?.Record(v, t));
        _listener.SetMeasurementEventCallback<byte>(static (i, v, t, s) => (s as InstrumentState)?.Record(v, t));
        _listener.SetMeasurementEventCallback<decimal>(static (i, v, t, s) => (s as InstrumentState)?.Record((double)v, t));
        _listener.Start();
        if (startTimer)
        {
            _timer = timeProvider.CreateTimer(static s => ((TelemetryDashboard)s!).Tick(), this, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>Whether the dashboard listens to a meter of this name (GameBook.*, Polly, System.Runtime).</summary>
    /// <param name="meterName">A meter name.</param>
    /// <returns><see langword="true"/> when the dashboard listens to it.</returns>
    public static bool IsListenedMeter(string meterName)
    {
        ArgumentNullException.ThrowIfNull(meterName);
        return meterName.StartsWith(GameBookTelemetryNames.Prefix, StringComparison.Ordinal)
            || meterName == GameBookTelemetryNames.PollyMeter
            || meterName == GameBookTelemetryNames.RuntimeMeter;
    }

    /// <summary>Builds a snapshot. Safe to call from any thread at any rate; it does not block recording.</summary>
    /// <param name="window">How much of each time series to include; null: all kept points.</param>
    /// <returns>The snapshot.</returns>
    public DashboardSnapshot GetSnapshot(TimeSpan? window = null)
    {
        var now = _timeProvider.GetUtcNow();
        var since = window is { } w ? now - w : DateTimeOffset.MinValue;
        var instruments = new List<InstrumentSnapshot>(_instruments.Count);
        foreach (var state in _instruments.Values)
        {
            instruments.Add(state.ToSnapshot(since));
        }

        instruments.Sort(static (a, b) =>
        {
            var byMeter = string.CompareOrdinal(a.Meter, b.Meter);
            return byMeter != 0 ? byMeter : string.CompareOrdinal(a.Name, b.Name);
        });
        var reading = _memory.LastReading;
        var alerts = _alerts.GetAlerts();
        var recent = alerts.Count <= _options.RecentAlerts ? alerts : alerts.Skip(alerts.Count - _options.RecentAlerts).ToArray();
        return new DashboardSnapshot
        {
            Timestamp = now,
            CpuUtilization = reading is null || double.IsNaN(reading.CpuUtilization) ? null : reading.CpuUtilization,
            MemoryUtilization = reading?.MemoryUtilization,
            MemoryUsedBytes = reading?.MemoryUsedBytes,
            MemoryLimitBytes = reading?.MemoryLimitBytes,
            ManagedHeapBytes = reading?.ManagedHeapBytes,
            MemoryLevel = _memory.Level,
            RecentAlerts = recent,
            Health = Volatile.Read(ref _health),
            Instruments = instruments,
            SeriesCount = Volatile.Read(ref _seriesCount),
            OverflowMeasurements = Interlocked.Read(ref _overflow),
            ObservationFailures = Interlocked.Read(ref _observationFailures),
        };
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _timer?.Dispose();

        // A tick already running on the timer thread finishes before the listener goes away.
        SpinWait.SpinUntil(() => Volatile.Read(ref _ticking) == 0, TimeSpan.FromSeconds(5));
        _listener.Dispose();
    }

    /// <summary>Stores the latest health report (called by the dashboard's health check publisher).</summary>
    internal void SetHealthReport(HealthReport report)
    {
        var entries = new Dictionary<string, HealthEntrySnapshot>(report.Entries.Count, StringComparer.Ordinal);
        foreach (var (name, entry) in report.Entries)
        {
            var data = new Dictionary<string, string?>(entry.Data.Count, StringComparer.Ordinal);
            foreach (var (key, value) in entry.Data)
            {
                data[key] = FormatHealthData(value);
            }

            entries[name] = new HealthEntrySnapshot { Status = entry.Status.ToString(), Description = entry.Description, Data = data, Tags = [.. entry.Tags] };
        }

        Volatile.Write(ref _health, new HealthSnapshot
        {
            Status = report.Status.ToString(),
            Timestamp = _timeProvider.GetUtcNow(),
            TotalDuration = report.TotalDuration,
            Entries = entries,
        });
    }

    /// <summary>
    /// A health check's data value as text: nested key/value data (a breaker check's per-pipeline details) as
    /// <c>key=value, …</c> in braces, other sequences as <c>[a, b]</c>, everything else in the invariant culture (a
    /// plain <see cref="Convert.ToString(object?, IFormatProvider?)"/> wrote a nested dictionary as its type name).
    /// </summary>
    internal static string? FormatHealthData(object? value, int depth = 0) => value switch
    {
        null => null,
        string text => text,
        _ when depth > 4 => Convert.ToString(value, CultureInfo.InvariantCulture),
        IEnumerable<KeyValuePair<string, object>> pairs =>
            "{" + string.Join(", ", pairs.Select(p => p.Key + "=" + FormatHealthData(p.Value, depth + 1))) + "}",
        System.Collections.IEnumerable items =>
            "[" + string.Join(", ", items.Cast<object?>().Select(i => FormatHealthData(i, depth + 1))) + "]",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    /// <summary>Observes the observable instruments and closes the current second of every series.</summary>
    internal void Tick()
    {
        if (Interlocked.Exchange(ref _ticking, 1) == 1)
        {
            return;
        }

        try
        {
            if (Volatile.Read(ref _disposed) == 1)
            {
                return;
            }

            try
            {
                _listener.RecordObservableInstruments();
            }
            catch (Exception)
            {
                // An observable instrument's callback threw (often a component disposed during shutdown). The
                // listener has still observed the others; a failing callback must never crash the host from a
                // timer thread, so it is counted and the tick goes on.
                _ = Interlocked.Increment(ref _observationFailures);
            }

            var now = _timeProvider.GetUtcNow();
            var second = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
            foreach (var state in _instruments.Values)
            {
                state.Roll(second);
            }
        }
        finally
        {
            Volatile.Write(ref _ticking, 0);
        }
    }

    private void OnInstrumentPublished(Instrument instrument, MeterListener listener)
    {
        var scope = instrument.Meter.Scope;
        if (!IsListenedMeter(instrument.Meter.Name) || (scope is not null && !ReferenceEquals(scope, _meterFactory)))
        {
            return;
        }

        var state = new InstrumentState(this, instrument, KeepsSeries(instrument.Name) ? _capacity : 0);
        _instruments[instrument] = state;
        listener.EnableMeasurementEvents(instrument, state);
    }

    private void OnMeasurementsCompleted(Instrument instrument, object? state) => _instruments.TryRemove(instrument, out _);

    private bool KeepsSeries(string name)
    {
        if (_options.TimeSeriesInstruments.Count == 0)
        {
            return true;
        }

        foreach (var pattern in _options.TimeSeriesInstruments)
        {
            if (pattern.EndsWith('*') ? name.StartsWith(pattern.AsSpan(0, pattern.Length - 1), StringComparison.Ordinal) : name == pattern)
            {
                return true;
            }
        }

        return false;
    }

    private bool TryReserveSeries()
    {
        if (Interlocked.Increment(ref _seriesCount) <= _options.MaxSeries)
        {
            return true;
        }

        _ = Interlocked.Decrement(ref _seriesCount);
        return false;
    }

    private void CountOverflow() => Interlocked.Increment(ref _overflow);

    /// <summary>One instrument's series, looked up by tag span without allocating. Thread-safe.</summary>
    private sealed class InstrumentState
    {
        private readonly TelemetryDashboard _owner;
        private readonly Instrument _instrument;
        private readonly int _capacity;
        private readonly bool _sum;
        private readonly string _kind;
        private readonly ConcurrentDictionary<TagSet, SeriesState> _series = new(TagSetComparer.Instance);
        private readonly ConcurrentDictionary<TagSet, SeriesState>.AlternateLookup<ReadOnlySpan<KeyValuePair<string, object?>>> _lookup;
        private readonly Lock _addLock = new();
        private SeriesState? _untagged;
        private SeriesState? _lastTagged;

        public InstrumentState(TelemetryDashboard owner, Instrument instrument, int capacity)
        {
            _owner = owner;
            _instrument = instrument;
            _capacity = capacity;
            _lookup = _series.GetAlternateLookup<ReadOnlySpan<KeyValuePair<string, object?>>>();
            var type = instrument.GetType();
            _kind = type.IsGenericType ? type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)] : type.Name;
            _sum = _kind is "Counter" or "UpDownCounter" or "Histogram";
        }

        public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            SeriesState? series;
            if (tags.IsEmpty)
            {
                series = Volatile.Read(ref _untagged) ?? Add(tags);
            }
            else
            {
                // Instrumented code usually repeats the same tag set: compare with the last one before hashing.
                series = Volatile.Read(ref _lastTagged);
                if (series is null || !series.Tags.Matches(tags))
                {
                    if (!_lookup.TryGetValue(tags, out series))
                    {
                        series = Add(tags);
                    }

                    if (series is not null)
                    {
                        Volatile.Write(ref _lastTagged, series);
                    }
                }
            }

            if (series is null)
            {
                _owner.CountOverflow();
                return;
            }

            series.Record(value);
        }

        public void Roll(DateTimeOffset second)
        {
            foreach (var series in _series.Values)
            {
                series.Roll(second);
            }
        }

        public InstrumentSnapshot ToSnapshot(DateTimeOffset since)
        {
            var series = new List<SeriesSnapshot>(_series.Count);
            foreach (var state in _series.Values)
            {
                series.Add(state.ToSnapshot(since));
            }

            return new InstrumentSnapshot { Meter = _instrument.Meter.Name, Name = _instrument.Name, Unit = _instrument.Unit, Kind = _kind, Series = series };
        }

        private SeriesState? Add(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            lock (_addLock)
            {
                if (tags.IsEmpty ? _untagged is { } existing : _lookup.TryGetValue(tags, out existing))
                {
                    return existing;
                }

                if (!_owner.TryReserveSeries())
                {
                    return null;
                }

                var tagSet = tags.IsEmpty ? TagSet.Empty : TagSet.Create(tags);
                var series = new SeriesState(tagSet, _sum, _capacity);
                _series[tagSet] = series;
                if (tags.IsEmpty)
                {
                    Volatile.Write(ref _untagged, series);
                }

                return series;
            }
        }
    }
}
