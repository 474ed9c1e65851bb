using System.Diagnostics.Metrics;

namespace GameBook.Samples.Web.Operations;

/// <summary>
/// Requests per second and latency for the dashboard, from ASP.NET Core's own <c>http.server.request.duration</c>
/// histogram (meter <c>Microsoft.AspNetCore.Hosting</c> of this host's <see cref="IMeterFactory"/>), so the host
/// measures nothing twice. Keeps one bucket per second in a ring (count, 4xx, 5xx, sum, max and a log-scale latency
/// histogram of 25 % wide buckets, so a percentile is exact to within one bucket). Long-lived requests (the
/// dashboard's event stream) are left out: their duration is the length of a connection, not a latency.
/// Thread-safe: a measurement takes one short lock on its second's bucket.
/// </summary>
internal sealed class RequestStatistics : IDisposable
{
    /// <summary>ASP.NET Core's hosting meter.</summary>
    internal const string HostingMeter = "Microsoft.AspNetCore.Hosting";

    /// <summary>ASP.NET Core's request duration histogram (seconds).</summary>
    internal const string DurationInstrument = "http.server.request.duration";

    private const double SmallestBoundMs = 0.1;
    private const double BucketGrowth = 1.25;
    private const int BucketCount = 62; // 0.1 ms * 1.25^60 ≈ 65 s; the last bucket takes everything above.
    private const int SummarySeconds = 10;

    private static readonly double LogGrowth = Math.Log(BucketGrowth);

    private readonly IMeterFactory _meterFactory;
    private readonly TimeProvider _timeProvider;
    private readonly HashSet<string> _excludedRoutes;
    private readonly Bucket[] _ring;
    private readonly MeterListener _listener;
    private long _total;

    /// <summary>Starts listening.</summary>
    /// <param name="meterFactory">The host's meter factory (only its hosting meter is read).</param>
    /// <param name="timeProvider">The clock that assigns measurements to seconds.</param>
    /// <param name="history">How many seconds are kept.</param>
    /// <param name="excludedRoutes">Route templates (<c>http.route</c>) of long-lived requests to leave out.</param>
    public RequestStatistics(IMeterFactory meterFactory, TimeProvider timeProvider, TimeSpan history, IEnumerable<string> excludedRoutes)
    {
        _meterFactory = meterFactory;
        _timeProvider = timeProvider;
        _excludedRoutes = new HashSet<string>(excludedRoutes, StringComparer.OrdinalIgnoreCase);
        _ring = new Bucket[Math.Max(SummarySeconds + 1, (int)Math.Ceiling(history.TotalSeconds) + 1)];
        for (var i = 0; i < _ring.Length; i++)
        {
            _ring[i] = new Bucket();
        }

        _listener = new MeterListener { InstrumentPublished = OnInstrumentPublished };
        _listener.SetMeasurementEventCallback<double>(static (_, value, tags, state) => ((RequestStatistics)state!).Record(value, tags));
        _listener.Start();
    }

    /// <summary>The upper bound (ms) of each latency bucket but the last.</summary>
    internal static double UpperBoundMs(int bucket) => SmallestBoundMs * Math.Pow(BucketGrowth, bucket);

    /// <summary>Which latency bucket a duration falls in: the first whose upper bound is at least the duration.</summary>
    internal static int BucketOf(double milliseconds)
    {
        if (!(milliseconds > SmallestBoundMs))
        {
            return 0; // also NaN and negative values, which a well-behaved histogram never records
        }

        var index = (int)Math.Ceiling(Math.Log(milliseconds / SmallestBoundMs) / LogGrowth);

        // Floating point can land one off at an exact bound.
        if (index > 0 && UpperBoundMs(index - 1) >= milliseconds)
        {
            index--;
        }

        return Math.Min(index, BucketCount - 1);
    }

    /// <summary>Records one request that took <paramref name="seconds"/>, with ASP.NET Core's tags.</summary>
    internal void Record(double seconds, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var status = 0;
        foreach (var tag in tags)
        {
            if (tag.Key == "http.route" && tag.Value is string route && _excludedRoutes.Contains(route))
            {
                return;
            }

            if (tag.Key == "http.response.status_code")
            {
                status = tag.Value switch
                {
                    int i => i,
                    long l => (int)l,
                    string s when int.TryParse(s, out var parsed) => parsed,
                    _ => 0,
                };
            }
        }

        var milliseconds = seconds * 1000.0;
        var bucketIndex = BucketOf(milliseconds);
        var second = _timeProvider.GetUtcNow().ToUnixTimeSeconds();
        var bucket = _ring[second % _ring.Length];
        lock (bucket)
        {
            if (bucket.Second != second)
            {
                bucket.Reset(second);
            }

            bucket.Count++;
            if (status >= 500)
            {
                bucket.ServerErrors++;
            }
            else if (status >= 400)
            {
                bucket.ClientErrors++;
            }

            bucket.SumMs += milliseconds;
            if (milliseconds > bucket.MaxMs)
            {
                bucket.MaxMs = milliseconds;
            }

            bucket.Histogram[bucketIndex]++;
        }

        _ = Interlocked.Increment(ref _total);
    }

    /// <summary>
    /// The closed seconds of the last <paramref name="window"/> (the current, unfinished second is left out), one
    /// point per second including seconds without requests, and a summary of the last 10 seconds.
    /// </summary>
    /// <param name="window">How much history; at most what is kept.</param>
    /// <returns>The snapshot.</returns>
    public RequestStatisticsSnapshot GetSnapshot(TimeSpan window)
    {
        var now = _timeProvider.GetUtcNow().ToUnixTimeSeconds();
        var seconds = (int)Math.Clamp(Math.Ceiling(window.TotalSeconds), 1, _ring.Length - 1);
        var points = new List<RequestPoint>(seconds);
        var summary = new int[BucketCount];
        long summaryCount = 0, summaryServerErrors = 0;
        var scratch = new int[BucketCount];
        for (var second = now - seconds; second < now; second++)
        {
            var bucket = _ring[second % _ring.Length];
            long count, clientErrors, serverErrors;
            double sum, max;
            lock (bucket)
            {
                if (bucket.Second != second)
                {
                    points.Add(new RequestPoint(DateTimeOffset.FromUnixTimeSeconds(second), 0, 0, 0, null, null, null, null));
                    continue;
                }

                count = bucket.Count;
                clientErrors = bucket.ClientErrors;
                serverErrors = bucket.ServerErrors;
                sum = bucket.SumMs;
                max = bucket.MaxMs;
                bucket.Histogram.CopyTo(scratch, 0);
            }

            if (second >= now - SummarySeconds)
            {
                summaryCount += count;
                summaryServerErrors += serverErrors;
                for (var i = 0; i < BucketCount; i++)
                {
                    summary[i] += scratch[i];
                }
            }

            points.Add(new RequestPoint(
                DateTimeOffset.FromUnixTimeSeconds(second),
                count,
                clientErrors,
                serverErrors,
                count == 0 ? null : sum / count,
                Percentile(scratch, count, 0.50, max),
                Percentile(scratch, count, 0.99, max),
                count == 0 ? null : max));
        }

        var summarySeconds = Math.Min(SummarySeconds, seconds);
        return new RequestStatisticsSnapshot(
            Interlocked.Read(ref _total),
            summarySeconds,
            (double)summaryCount / summarySeconds,
            (double)summaryServerErrors / summarySeconds,
            Percentile(summary, summaryCount, 0.50, double.PositiveInfinity),
            Percentile(summary, summaryCount, 0.99, double.PositiveInfinity),
            points);
    }

    /// <inheritdoc />
    public void Dispose() => _listener.Dispose();

    /// <summary>The <paramref name="quantile"/> of a histogram: the upper bound of the bucket it falls in, capped by the largest value seen.</summary>
    internal static double? Percentile(int[] histogram, long count, double quantile, double max)
    {
        if (count == 0)
        {
            return null;
        }

        var rank = (long)Math.Ceiling(quantile * count);
        long seen = 0;
        for (var i = 0; i < histogram.Length; i++)
        {
            seen += histogram[i];
            if (seen >= rank)
            {
                return i == histogram.Length - 1 ? (double.IsFinite(max) ? max : UpperBoundMs(i - 1)) : Math.Min(UpperBoundMs(i), max);
            }
        }

        return double.IsFinite(max) ? max : null;
    }

    private void OnInstrumentPublished(Instrument instrument, MeterListener listener)
    {
        if (instrument.Meter.Name == HostingMeter
            && instrument.Name == DurationInstrument
            && ReferenceEquals(instrument.Meter.Scope, _meterFactory))
        {
            listener.EnableMeasurementEvents(instrument, this);
        }
    }

    /// <summary>One second. Guarded by locking the instance.</summary>
    private sealed class Bucket
    {
        public long Second = -1;
        public long Count;
        public long ClientErrors;
        public long ServerErrors;
        public double SumMs;
        public double MaxMs;
        public readonly int[] Histogram = new int[BucketCount];

        public void Reset(long second)
        {
            Second = second;
            Count = ClientErrors = ServerErrors = 0;
            SumMs = MaxMs = 0;
            Array.Clear(Histogram);
        }
    }
}

/// <summary>Requests per second and latency over a window, for the dashboard. Immutable.</summary>
/// <param name="Total">Requests measured since the host started (long-lived ones excluded).</param>
/// <param name="SummarySeconds">Seconds the summary figures cover (the last closed seconds, up to 10).</param>
/// <param name="RequestsPerSecond">Requests per second over the summary seconds.</param>
/// <param name="ServerErrorsPerSecond">5xx answers per second over the summary seconds.</param>
/// <param name="P50Ms">Median latency over the summary seconds, ms; null without requests.</param>
/// <param name="P99Ms">99th percentile latency over the summary seconds, ms; null without requests.</param>
/// <param name="Points">One point per closed second of the window, oldest first.</param>
internal sealed record RequestStatisticsSnapshot(
    long Total, int SummarySeconds, double RequestsPerSecond, double ServerErrorsPerSecond, double? P50Ms, double? P99Ms, IReadOnlyList<RequestPoint> Points);

/// <summary>One second of requests. Immutable.</summary>
/// <param name="Timestamp">The second (UTC).</param>
/// <param name="Requests">Requests that ended in it.</param>
/// <param name="ClientErrors">Of those, answered 4xx.</param>
/// <param name="ServerErrors">Of those, answered 5xx.</param>
/// <param name="MeanMs">Mean latency, ms; null without requests.</param>
/// <param name="P50Ms">Median latency, ms (within one 25 % bucket); null without requests.</param>
/// <param name="P99Ms">99th percentile latency, ms (within one 25 % bucket); null without requests.</param>
/// <param name="MaxMs">Slowest request, ms; null without requests.</param>
internal readonly record struct RequestPoint(
    DateTimeOffset Timestamp, long Requests, long ClientErrors, long ServerErrors, double? MeanMs, double? P50Ms, double? P99Ms, double? MaxMs);
