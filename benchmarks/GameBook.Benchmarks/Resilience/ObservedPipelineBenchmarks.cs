using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using GameBook.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Registry;

namespace GameBook.Benchmarks.Resilience;

/// <summary>
/// The same call as <see cref="ResiliencePipelineBenchmarks"/>, while a <see cref="MeterListener"/> listens to every
/// instrument of Polly's meter (as an exporter or the GameBook dashboard does): Polly then records its duration
/// histograms on every call, and GameBook's telemetry gate lets every event through. Baseline: the hand-built pipeline
/// with Polly's telemetry.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class ObservedPipelineBenchmarks
{
    private ServiceProvider _services = null!;
    private MeterListener _listener = null!;
    private ResiliencePipeline _handBuiltWithTelemetry = null!;
    private ResiliencePipeline _gameBook = null!;

    [GlobalSetup]
    public void Setup()
    {
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == GameBookTelemetryNames.PollyMeter)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<double>(static (_, _, _, _) => { });
        _listener.SetMeasurementEventCallback<long>(static (_, _, _, _) => { });
        _listener.SetMeasurementEventCallback<int>(static (_, _, _, _) => { });
        _listener.Start();

        _handBuiltWithTelemetry = ResiliencePipelineBenchmarks.AddSameThree(new ResiliencePipelineBuilder().ConfigureTelemetry(NullLoggerFactory.Instance)).Build();
        var services = new ServiceCollection();
        services.AddGameBookResilience().AddPipeline("three", o => o.LoadShedding = false);
        _services = services.BuildServiceProvider();
        _gameBook = _services.GetRequiredService<ResiliencePipelineProvider<string>>().GetPipeline("three");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _listener.Dispose();
        _services.Dispose();
    }

    [Benchmark(Baseline = true, Description = "Polly by hand + telemetry, meter observed")]
    public ValueTask HandBuiltWithTelemetry() => ResiliencePipelineBenchmarks.ExecuteAsync(_handBuiltWithTelemetry);

    [Benchmark(Description = "GameBook pipeline, meter observed")]
    public ValueTask GameBook() => ResiliencePipelineBenchmarks.ExecuteAsync(_gameBook);
}
