using GameBook.Telemetry.Memory;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace GameBook.Telemetry.Tests;

public class MemoryAlertManagerTests
{
    [Theory]
    [InlineData(MemoryLevel.Normal, 59.9, MemoryLevel.Normal)]
    [InlineData(MemoryLevel.Normal, 60, MemoryLevel.Warning)]
    [InlineData(MemoryLevel.Normal, 70, MemoryLevel.Critical)]
    [InlineData(MemoryLevel.Normal, 95, MemoryLevel.Maximum)]
    [InlineData(MemoryLevel.Maximum, 75.1, MemoryLevel.Maximum)]
    [InlineData(MemoryLevel.Maximum, 74.9, MemoryLevel.Critical)]
    [InlineData(MemoryLevel.Maximum, 64.9, MemoryLevel.Warning)]
    [InlineData(MemoryLevel.Maximum, 10, MemoryLevel.Normal)]
    [InlineData(MemoryLevel.Critical, 66, MemoryLevel.Critical)]
    [InlineData(MemoryLevel.Warning, 55, MemoryLevel.Warning)]
    [InlineData(MemoryLevel.Warning, 54.9, MemoryLevel.Normal)]
    public void ComputeLevel_AppliesThresholdsAndHysteresis(MemoryLevel current, double percent, MemoryLevel expected) =>
        Assert.Equal(expected, MemoryAlertManager.ComputeLevel(current, percent, new MemoryAlertOptions()));

    [Fact]
    public async Task Sample_HoveringAtThreshold_DoesNotFlap()
    {
        using var f = new ManagerFixture();
        foreach (var percent in new[] { 60.5, 59.5, 60.2, 58, 59.9, 61, 55.5 })
        {
            await f.SampleAt(percent);
        }

        var alert = Assert.Single(f.Sink.Alerts);
        Assert.Equal(MemoryLevel.Warning, alert.Level);
        Assert.Equal(MemoryLevel.Warning, f.Manager.Level);
        await f.SampleAt(54);
        Assert.Equal(MemoryLevel.Normal, f.Manager.Level);
        Assert.Equal(2, f.Sink.Alerts.Count);
    }

    [Fact]
    public async Task LevelChange_RaisesAlertWithAllFields_ToSinksHistoryAndEvent()
    {
        using var f = new ManagerFixture();
        f.Reader.LimitBytes = 2_000_000;
        var events = new List<MemoryLevelChangedEventArgs>();
        f.Manager.LevelChanged += (_, e) => events.Add(e);
        f.Time.Advance(TimeSpan.FromMinutes(3));

        await f.SampleAt(72.5);

        var alert = Assert.Single(f.Sink.Alerts);
        Assert.Equal(MemoryLevel.Critical, alert.Level);
        Assert.Equal(MemoryLevel.Normal, alert.PreviousLevel);
        Assert.Equal(1_450_000, alert.UsedBytes);
        Assert.Equal(72.5, alert.UsagePercent, 6);
        Assert.Equal(2_000_000, alert.LimitBytes);
        Assert.Equal(f.Time.GetUtcNow(), alert.Timestamp);
        Assert.Equal(alert, Assert.Single(f.Manager.GetHistory()));
        Assert.Equal(MemoryLevel.Critical, Assert.Single(events).Level);
    }

    [Fact]
    public async Task History_IsBoundedByOptions()
    {
        using var f = new ManagerFixture(new MemoryAlertOptions { HistorySize = 3 });
        for (var i = 0; i < 5; i++)
        {
            await f.SampleAt(90);
            await f.SampleAt(10);
        }

        var history = f.Manager.GetHistory();
        Assert.Equal(3, history.Count);
        Assert.Equal([MemoryLevel.Normal, MemoryLevel.Maximum, MemoryLevel.Normal], history.Select(a => a.Level));
        Assert.Equal(10, f.Sink.Alerts.Count);
    }

    [Fact]
    public async Task FailingSinkAndEventHandler_DoNotStopOtherSinks()
    {
        var after = new RecordingSink();
        using var f = new ManagerFixture(sinks: [new ThrowingSink(), after]);
        f.Manager.LevelChanged += (_, _) => throw new InvalidOperationException("subscriber failed");

        Assert.Equal(MemoryLevel.Warning, await f.SampleAt(65));

        Assert.Single(f.Sink.Alerts);
        Assert.Single(after.Alerts);
    }

    [Fact]
    public async Task Handlers_RunOnEntry_RepeatRateLimited_AndFailuresAreIsolated()
    {
        var failing = new RecordingHandler("failing", l => l >= MemoryLevel.Warning, TimeSpan.Zero, repeat: false, fail: true);
        var gc = new RecordingHandler("gc", l => l >= MemoryLevel.Critical, TimeSpan.FromMinutes(1), repeat: true);
        var onceAtWarning = new RecordingHandler("warning-only", l => l == MemoryLevel.Warning, TimeSpan.Zero, repeat: false);
        using var f = new ManagerFixture(handlers: [failing, gc, onceAtWarning]);
        using var runs = new MetricCollector<long>(f.Instrumentation.Meter, GameBookTelemetryNames.OptimizationRuns);

        await f.SampleAt(65);
        Assert.Single(onceAtWarning.Runs);
        Assert.Empty(gc.Runs);

        await f.SampleAt(72);
        Assert.True(Assert.Single(gc.Runs).LevelEntered);
        await f.SampleAt(85);
        Assert.Single(gc.Runs);

        f.Time.Advance(TimeSpan.FromSeconds(30));
        await f.SampleAt(85);
        Assert.Single(gc.Runs);

        f.Time.Advance(TimeSpan.FromSeconds(31));
        await f.SampleAt(85);
        Assert.Equal(2, gc.Runs.Count);
        Assert.False(gc.Runs[1].LevelEntered);
        Assert.Equal(MemoryLevel.Maximum, gc.Runs[1].Level);

        Assert.Equal(3, failing.Runs.Count);
        Assert.Single(onceAtWarning.Runs);
        var failures = runs.GetMeasurementSnapshot().Count(m => (string?)m.Tags[GameBookTelemetryNames.OutcomeTag] == "failure");
        Assert.Equal(3, failures);
    }

    [Fact]
    public async Task ThresholdsChangedAtRunTime_AreUsedByTheNextSample()
    {
        using var f = new ManagerFixture();
        Assert.Equal(MemoryLevel.Normal, await f.SampleAt(50));

        f.Options.CurrentValue = new MemoryAlertOptions { WarningPercent = 40, CriticalPercent = 45, MaximumPercent = 48 };

        Assert.Equal(MemoryLevel.Maximum, await f.SampleAt(50));
    }

    [Fact]
    public async Task LevelChanges_AreCountedAndPublishedAsGauges()
    {
        using var f = new ManagerFixture();
        using var alerts = new MetricCollector<long>(f.Instrumentation.Meter, GameBookTelemetryNames.MemoryAlerts);
        using var level = new MetricCollector<int>(f.Instrumentation.Meter, GameBookTelemetryNames.MemoryLevel);

        await f.SampleAt(81);
        level.RecordObservableInstruments();

        var measurement = Assert.Single(alerts.GetMeasurementSnapshot());
        Assert.Equal("Maximum", measurement.Tags[GameBookTelemetryNames.LevelTag]);
        Assert.Equal("Normal", measurement.Tags[GameBookTelemetryNames.PreviousLevelTag]);
        Assert.Equal(3, level.LastMeasurement!.Value);
    }

    [Theory]
    [InlineData(70, 60, 80)]
    [InlineData(60, 60, 80)]
    [InlineData(60, 90, 80)]
    [InlineData(-1, 70, 80)]
    [InlineData(60, 70, 101)]
    public void Validator_RejectsUnorderedOrOutOfRangeThresholds(double warning, double critical, double maximum)
    {
        var result = new MemoryAlertOptionsValidator().Validate(null, new MemoryAlertOptions { WarningPercent = warning, CriticalPercent = critical, MaximumPercent = maximum });
        Assert.True(result.Failed);
    }

    [Fact]
    public void Validator_AcceptsDefaults_AndRejectsTinyInterval()
    {
        var validator = new MemoryAlertOptionsValidator();
        Assert.True(validator.Validate(null, new MemoryAlertOptions()).Succeeded);
        Assert.True(validator.Validate(null, new MemoryAlertOptions { SamplingInterval = TimeSpan.FromMilliseconds(1) }).Failed);
        Assert.True(validator.Validate(null, new MemoryAlertOptions { HistorySize = 0 }).Failed);
    }
}
