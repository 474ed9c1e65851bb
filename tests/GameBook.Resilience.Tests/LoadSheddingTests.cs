using GameBook.Telemetry.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Polly;

namespace GameBook.Resilience.Tests;

public sealed class LoadSheddingTests
{
    [Fact]
    public async Task AtMaximumPressure_CallsAreRejectedAtOnce_WithoutRunning_AndCounted()
    {
        using var host = new TestHost(_ => { });
        host.Pressure.Level = MemoryLevel.Maximum;
        var ran = false;

        var error = await Assert.ThrowsAsync<LoadSheddingRejectedException>(async () => await host.Pipeline("storage").ExecuteAsync(_ => { ran = true; return ValueTask.CompletedTask; }));

        Assert.False(ran);
        Assert.IsAssignableFrom<ExecutionRejectedException>(error);
        Assert.Equal("storage", error.PipelineName);
        Assert.Equal("Pipeline 'storage' rejected the call: memory pressure is at Maximum (load shedding). Retry once memory use has come down.", error.Message);
        var status = host.Status("storage");
        Assert.Equal(1, status.Totals.RejectedLoadShedding);
        Assert.Equal(0, status.Retries); // a rejection is not retried
        Assert.Equal(CallOutcome.RejectedLoadShedding, status.LastFailure!.Outcome);
    }

    [Theory]
    [InlineData(MemoryLevel.Normal)]
    [InlineData(MemoryLevel.Warning)]
    [InlineData(MemoryLevel.Critical)]
    public async Task BelowMaximum_CallsRun(MemoryLevel level)
    {
        using var host = new TestHost(_ => { });
        host.Pressure.Level = level;

        await Calls.Succeed(host.Pipeline("storage"));

        Assert.Equal(1, host.Status("storage").Totals.Successes);
    }

    [Fact]
    public async Task WhenPressureFalls_CallsRunAgain_AndTheRejectionIsMeasured()
    {
        using var host = new TestHost(_ => { });
        using var rejections = new MetricCollector<long>(host.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), GameBook.Telemetry.GameBookTelemetryNames.Resilience, GameBookResilienceNames.Rejections);
        host.Pressure.Level = MemoryLevel.Maximum;
        Assert.IsType<LoadSheddingRejectedException>(await Calls.Try(host.Pipeline("http")));

        host.Pressure.Level = MemoryLevel.Critical;

        Assert.Null(await Calls.Try(host.Pipeline("http")));
        var totals = host.Status("http").Totals;
        Assert.Equal((1L, 1L, 2L), (totals.Successes, totals.RejectedLoadShedding, totals.Calls));
        rejections.RecordObservableInstruments();
        Assert.Contains(rejections.GetMeasurementSnapshot(), m => (string)m.Tags[GameBookResilienceNames.PipelineTag]! == "http" && (string)m.Tags[GameBookResilienceNames.RejectionKindTag]! == "load_shedding" && m.Value == 1);
    }

    [Fact]
    public async Task WithLoadSheddingOff_CallsRunEvenAtMaximum()
    {
        using var host = new TestHost(b => b.AddPipeline("critical", o => o.LoadShedding = false));
        host.Pressure.Level = MemoryLevel.Maximum;

        Assert.Null(await Calls.Try(host.Pipeline("critical")));
    }
}
