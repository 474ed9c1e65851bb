using System.Diagnostics.Metrics;
using System.Text.Json;
using GameBook.Telemetry.Alerts;
using GameBook.Telemetry.Dashboard;
using GameBook.Telemetry.Memory;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace GameBook.Telemetry.Tests;

public sealed class TelemetryDashboardTests : IDisposable
{
    private readonly ManagerFixture _memory = new();
    private readonly TestMeterFactory _meters = new();
    private readonly InMemoryAlertSink _alerts = new();

    private DateTimeOffset Now => _memory.Time.GetUtcNow();

    [Fact]
    public void Listens_ToGameBookMetersOfItsContainer_AndIgnoresOthers()
    {
        using var dashboard = Create();
        using var foreignFactory = new TestMeterFactory();
        var core = _meters.Create("GameBook.Core");
        var steps = core.CreateCounter<long>("gamebook.session.steps", "{step}");
        var other = _meters.Create("Contoso.Orders").CreateCounter<long>("orders");
        var otherContainer = foreignFactory.Create("GameBook.Core").CreateCounter<long>("gamebook.session.steps");

        steps.Add(2, new KeyValuePair<string, object?>("gamebook.step.kind", "line"));
        steps.Add(3, new KeyValuePair<string, object?>("gamebook.step.kind", "line"));
        steps.Add(1, new KeyValuePair<string, object?>("gamebook.step.kind", "end"));
        other.Add(100);
        otherContainer.Add(100);

        var snapshot = dashboard.GetSnapshot();
        var instrument = Assert.Single(snapshot.Instruments, i => i.Name == "gamebook.session.steps");
        Assert.Equal("GameBook.Core", instrument.Meter);
        Assert.Equal("{step}", instrument.Unit);
        Assert.Equal("Counter", instrument.Kind);
        Assert.Equal(5, instrument.Series.Single(s => s.Tags["gamebook.step.kind"] == "line").Value);
        Assert.Equal(2, instrument.Series.Single(s => s.Tags["gamebook.step.kind"] == "line").Count);
        Assert.Equal(1, instrument.Series.Single(s => s.Tags["gamebook.step.kind"] == "end").Value);
        Assert.DoesNotContain(snapshot.Instruments, i => i.Meter == "Contoso.Orders");
    }

    [Fact]
    public void AlternatingAndReorderedTagSets_AreKeptApart()
    {
        using var dashboard = Create();
        var counter = _meters.Create("GameBook.Resilience").CreateCounter<long>("gamebook.pipeline.calls");
        var a = new KeyValuePair<string, object?>("pipeline", "a");
        var b = new KeyValuePair<string, object?>("pipeline", "b");
        var ok = new KeyValuePair<string, object?>("outcome", "ok");

        for (var i = 0; i < 3; i++)
        {
            counter.Add(1, a);
            counter.Add(10, b);
            counter.Add(100, a, ok);
            counter.Add(1000, ok, a);
        }

        var series = Assert.Single(dashboard.GetSnapshot().Instruments, i => i.Name == "gamebook.pipeline.calls").Series;
        Assert.Equal([3.0, 30, 300, 3000], series.Select(s => s.Value).Order());
    }

    [Fact]
    public void Tick_ClosesPerSecondPoints_InAFixedSizeRing()
    {
        using var dashboard = Create(o => o.Window = TimeSpan.FromSeconds(3));
        var counter = _meters.Create("GameBook.Workers").CreateCounter<long>("gamebook.worker.jobs.completed");
        var gauge = _meters.Create("GameBook.Workers").CreateUpDownCounter<int>("gamebook.worker.queue.length");

        for (var second = 1; second <= 5; second++)
        {
            counter.Add(second);
            counter.Add(second);
            gauge.Add(1);
            _memory.Time.Advance(TimeSpan.FromSeconds(1));
            dashboard.Tick();
        }

        var series = Series(dashboard.GetSnapshot(), "gamebook.worker.jobs.completed");
        Assert.Equal(30, series.Value);
        Assert.Equal([6.0, 8, 10], series.Points.Select(p => p.Value));
        Assert.All(series.Points, p => Assert.Equal(2, p.Count));
        Assert.Equal(Now, series.Points[^1].Timestamp);
        Assert.Equal(Now - TimeSpan.FromSeconds(2), series.Points[0].Timestamp);

        var queue = Series(dashboard.GetSnapshot(), "gamebook.worker.queue.length");
        Assert.Equal(5, queue.Value);

        var lastTwo = Series(dashboard.GetSnapshot(TimeSpan.FromSeconds(1)), "gamebook.worker.jobs.completed");
        Assert.Equal([8.0, 10], lastTwo.Points.Select(p => p.Value));
    }

    [Fact]
    public void Histograms_KeepCountSumMinMaxPerSecond_AndObservableInstrumentsAreReadOnTick()
    {
        using var dashboard = Create();
        var meter = _meters.Create("GameBook.Workers");
        var histogram = meter.CreateHistogram<double>("gamebook.worker.job.duration", "s");
        var observed = 0;
        _ = meter.CreateObservableGauge("gamebook.worker.count", () => ++observed);

        histogram.Record(0.5);
        histogram.Record(0.1);
        histogram.Record(0.9);
        _memory.Time.Advance(TimeSpan.FromSeconds(1));
        dashboard.Tick();
        _memory.Time.Advance(TimeSpan.FromSeconds(1));
        dashboard.Tick();

        var snapshot = dashboard.GetSnapshot();
        var point = Assert.Single(Series(snapshot, "gamebook.worker.job.duration").Points, p => p.Count > 0);
        Assert.Equal(1.5, point.Value, 9);
        Assert.Equal(3, point.Count);
        Assert.Equal(0.1, point.Min);
        Assert.Equal(0.9, point.Max);
        var gauge = Series(snapshot, "gamebook.worker.count");
        Assert.Equal(2, gauge.Value);
        Assert.Equal([1.0, 2], gauge.Points.Select(p => p.Value));
        Assert.Contains(snapshot.Instruments, i => i.Meter == "System.Runtime");
    }

    [Fact]
    public void Tick_SurvivesAnObservableCallbackThatThrows_AndStillReadsTheOthers()
    {
        using var dashboard = Create();
        var meter = _meters.Create("GameBook.Resilience");
        Func<int> fails = () => throw new ObjectDisposedException("pipeline");
        _ = meter.CreateObservableGauge("gamebook.resilience.breaker.state", fails);
        var observed = 0;
        _ = meter.CreateObservableGauge("gamebook.worker.count", () => ++observed);

        _memory.Time.Advance(TimeSpan.FromSeconds(1));
        dashboard.Tick();
        _memory.Time.Advance(TimeSpan.FromSeconds(1));
        dashboard.Tick();

        var snapshot = dashboard.GetSnapshot();
        Assert.Equal(2, snapshot.ObservationFailures);
        Assert.Equal(2, Series(snapshot, "gamebook.worker.count").Value);
    }

    [Fact]
    public void Tick_WhenAMeterIsDisposedDuringTheObservation_NeverThrows()
    {
        // What a host's shutdown does: the container disposes meters while the dashboard's timer observes them.
        using var dashboard = Create();
        var meters = Enumerable.Range(0, 4).Select(i => _meters.Create("GameBook.Workers", $"{i}")).ToArray();
        foreach (var meter in meters)
        {
            _ = meter.CreateObservableGauge("gamebook.worker.count", () =>
            {
                foreach (var other in meters)
                {
                    other.Dispose();
                }

                return 1;
            });
        }

        _memory.Time.Advance(TimeSpan.FromSeconds(1));
        dashboard.Tick();
        dashboard.Tick();

        Assert.Equal(0, dashboard.GetSnapshot().ObservationFailures);
    }

    [Fact]
    public void Series_AreCapped_AndTheOverflowIsCounted()
    {
        using var dashboard = Create(o => o.MaxSeries = 4);
        var counter = _meters.Create("GameBook.Core").CreateCounter<long>("gamebook.session.errors");

        for (var i = 0; i < 10; i++)
        {
            counter.Add(1, new KeyValuePair<string, object?>("error.type", $"kind{i}"));
            counter.Add(1, new KeyValuePair<string, object?>("error.type", $"kind{i}"));
        }

        var snapshot = dashboard.GetSnapshot();
        Assert.Equal(4, snapshot.SeriesCount);
        Assert.Equal(4, Assert.Single(snapshot.Instruments, i => i.Name == "gamebook.session.errors").Series.Count);
        Assert.Equal(12, snapshot.OverflowMeasurements);
    }

    [Fact]
    public void OnlyConfiguredInstruments_KeepTimeSeries()
    {
        using var dashboard = Create(o => o.TimeSeriesInstruments.Add("gamebook.worker.*"));
        var kept = _meters.Create("GameBook.Workers").CreateCounter<long>("gamebook.worker.jobs.failed");
        var notKept = _meters.Create("GameBook.Core").CreateCounter<long>("gamebook.session.started");

        kept.Add(1);
        notKept.Add(1);
        _memory.Time.Advance(TimeSpan.FromSeconds(1));
        dashboard.Tick();

        var snapshot = dashboard.GetSnapshot();
        Assert.Single(Series(snapshot, "gamebook.worker.jobs.failed").Points);
        Assert.Empty(Series(snapshot, "gamebook.session.started").Points);
        Assert.Equal(1, Series(snapshot, "gamebook.session.started").Value);
    }

    [Fact]
    public void Snapshot_HealthDataNestedInADictionary_IsWrittenAsItsEntries()
    {
        using var dashboard = Create();
        var breakers = new Dictionary<string, object>
        {
            ["sessions"] = new Dictionary<string, object> { ["state"] = "Closed", ["totalCalls"] = 3L, ["ratio"] = 0.5 },
            ["tags"] = new[] { "a", "b" },
        };
        var entry = new HealthReportEntry(HealthStatus.Healthy, "1 breaker closed", TimeSpan.Zero, null, breakers, ["ready"]);
        dashboard.SetHealthReport(new HealthReport(new Dictionary<string, HealthReportEntry> { ["gamebook-resilience"] = entry }, TimeSpan.Zero));

        var data = dashboard.GetSnapshot().Health!.Entries["gamebook-resilience"].Data;
        Assert.Equal("{state=Closed, totalCalls=3, ratio=0.5}", data["sessions"]);
        Assert.Equal("[a, b]", data["tags"]);
    }

    [Fact]
    public async Task Snapshot_CarriesMemoryAlertsAndHealth_AndRoundTripsThroughJson()
    {
        using var dashboard = Create(o => o.RecentAlerts = 2);
        _memory.Reader.Set(65, cpu: 0.42);
        await _memory.Manager.SampleAsync();
        foreach (var percent in new[] { 71.0, 85, 50 })
        {
            _memory.Reader.Set(percent, cpu: 0.42);
            await _alerts.SendAsync(FakeAlert(percent), CancellationToken.None);
        }

        var entry = new HealthReportEntry(HealthStatus.Degraded, "memory at Warning", TimeSpan.FromMilliseconds(3), null, new Dictionary<string, object> { ["usagePercent"] = 65.0 }, ["live", "ready"]);
        dashboard.SetHealthReport(new HealthReport(new Dictionary<string, HealthReportEntry> { ["gamebook-memory"] = entry }, TimeSpan.FromMilliseconds(4)));
        _meters.Create("GameBook.Core").CreateCounter<long>("gamebook.session.started").Add(7);

        var snapshot = dashboard.GetSnapshot();
        Assert.Equal(0.42, snapshot.CpuUtilization);
        Assert.Equal(0.65, snapshot.MemoryUtilization!.Value, 9);
        Assert.Equal(MemoryLevel.Warning, snapshot.MemoryLevel);
        Assert.Equal([85.0, 50], snapshot.RecentAlerts.Select(a => a.UsagePercent));
        Assert.Equal("Degraded", snapshot.Health!.Status);
        Assert.Equal("65", snapshot.Health.Entries["gamebook-memory"].Data["usagePercent"]);

        var json = JsonSerializer.Serialize(snapshot, TelemetryJson.DashboardSnapshot);
        var back = JsonSerializer.Deserialize(json, TelemetryJson.DashboardSnapshot)!;
        Assert.Contains("\"memoryLevel\":\"Warning\"", json, StringComparison.Ordinal);
        Assert.Equal(snapshot.RecentAlerts, back.RecentAlerts);
        Assert.Equal(7, Series(back, "gamebook.session.started").Value);
        Assert.Equal(["live", "ready"], back.Health!.Entries["gamebook-memory"].Tags);
    }

    [Fact]
    public async Task RecordingFromManyThreads_WhileSnapshotting_LosesNothing()
    {
        using var dashboard = Create();
        var counter = _meters.Create("GameBook.Core").CreateCounter<long>("gamebook.session.selections");
        using var stop = new CancellationTokenSource();
        var snapshots = Task.Run(() =>
        {
            var taken = 0;
            while (!stop.IsCancellationRequested || taken == 0)
            {
                _ = dashboard.GetSnapshot();
                dashboard.Tick();
                taken++;
            }
        });

        await Task.WhenAll(Enumerable.Range(0, 4).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < 50_000; i++)
            {
                counter.Add(1, new KeyValuePair<string, object?>("thread", t % 2));
            }
        })));
        await stop.CancelAsync();
        await snapshots;

        var instrument = Assert.Single(dashboard.GetSnapshot().Instruments, i => i.Name == "gamebook.session.selections");
        Assert.Equal(200_000, instrument.Series.Sum(s => s.Value));
        Assert.Equal(2, instrument.Series.Count);
    }

    [Fact]
    public void IsListenedMeter_MatchesGameBookPollyAndRuntime()
    {
        Assert.True(TelemetryDashboard.IsListenedMeter("GameBook.Resilience"));
        Assert.True(TelemetryDashboard.IsListenedMeter("Polly"));
        Assert.True(TelemetryDashboard.IsListenedMeter("System.Runtime"));
        Assert.False(TelemetryDashboard.IsListenedMeter("GameBookX"));
        Assert.False(TelemetryDashboard.IsListenedMeter("System.Net.Http"));
    }

    public void Dispose()
    {
        _meters.Dispose();
        _memory.Dispose();
    }

    private static SeriesSnapshot Series(DashboardSnapshot snapshot, string name) =>
        Assert.Single(Assert.Single(snapshot.Instruments, i => i.Name == name).Series);

    private MemoryAlert FakeAlert(double percent) => new()
    {
        Level = MemoryLevel.Warning,
        PreviousLevel = MemoryLevel.Normal,
        UsedBytes = (long)(percent * 10),
        UsagePercent = percent,
        LimitBytes = 1000,
        Timestamp = Now,
    };

    private TelemetryDashboard Create(Action<DashboardOptions>? configure = null) => Create(_meters, configure);

    private TelemetryDashboard Create(IMeterFactory meters, Action<DashboardOptions>? configure = null)
    {
        var options = new DashboardOptions();
        configure?.Invoke(options);
        Assert.True(new DashboardOptionsValidator().Validate(null, options).Succeeded);
        return new TelemetryDashboard(meters, _memory.Time, _memory.Manager, _alerts, Options.Create(options), startTimer: false);
    }
}
