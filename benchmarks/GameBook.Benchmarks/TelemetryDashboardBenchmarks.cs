using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using GameBook.Telemetry.Dashboard;
using Microsoft.Extensions.DependencyInjection;

namespace GameBook.Benchmarks;

/// <summary>
/// What recording a measurement costs the instrumented code when the <see cref="TelemetryDashboard"/> listens,
/// against the same instruments with nobody listening (the baseline). The claim: well under a microsecond.
/// </summary>
[MemoryDiagnoser]
public class TelemetryDashboardBenchmarks
{
    private static readonly KeyValuePair<string, object?> Kind = new("gamebook.step.kind", "line");
    private static readonly KeyValuePair<string, object?> Outcome = new("gamebook.outcome", "success");

    private ServiceProvider _services = null!;
    private Meter _unlistenedMeter = null!;
    private Counter<long> _unlistenedCounter = null!;
    private Histogram<double> _unlistenedHistogram = null!;
    private Counter<long> _counter = null!;
    private Histogram<double> _histogram = null!;
    private TelemetryDashboard _dashboard = null!;

    [GlobalSetup]
    public void Setup()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddGameBookTelemetry().AddDashboard();
        _services = services.BuildServiceProvider();
        _dashboard = _services.GetRequiredService<TelemetryDashboard>();
        var meter = _services.GetRequiredService<IMeterFactory>().Create("GameBook.Benchmarks");
        _counter = meter.CreateCounter<long>("gamebook.bench.steps");
        _histogram = meter.CreateHistogram<double>("gamebook.bench.duration", "s");

        // Same instruments on a meter the dashboard ignores: nobody listens, Enabled is false.
        _unlistenedMeter = new Meter("Benchmarks.Unlistened");
        _unlistenedCounter = _unlistenedMeter.CreateCounter<long>("gamebook.bench.steps");
        _unlistenedHistogram = _unlistenedMeter.CreateHistogram<double>("gamebook.bench.duration", "s");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _unlistenedMeter.Dispose();
        _services.Dispose();
    }

    [Benchmark(Baseline = true, Description = "counter, 1 tag, no listener")]
    public void CounterNoListener() => _unlistenedCounter.Add(1, Kind);

    [Benchmark(Description = "counter, 1 tag, dashboard listening")]
    public void CounterWithDashboard() => _counter.Add(1, Kind);

    [Benchmark(Description = "counter, no tags, dashboard listening")]
    public void CounterNoTagsWithDashboard() => _counter.Add(1);

    [Benchmark(Description = "histogram, 2 tags, no listener")]
    public void HistogramNoListener() => _unlistenedHistogram.Record(0.25, Kind, Outcome);

    [Benchmark(Description = "histogram, 2 tags, dashboard listening")]
    public void HistogramWithDashboard() => _histogram.Record(0.25, Kind, Outcome);

    [Benchmark(Description = "dashboard snapshot (while listening)")]
    public DashboardSnapshot Snapshot() => _dashboard.GetSnapshot(TimeSpan.FromSeconds(10));
}
