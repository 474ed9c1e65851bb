using System.Diagnostics.Metrics;
using GameBook.Core.Tests.Hosting;
using GameBook.Diagnostics;
using GameBook.Hosting;
using GameBook.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace GameBook.Core.Tests.Instrumentation;

/// <summary>
/// The metrics of GameBook.Core, recorded through the host's <see cref="IMeterFactory"/> (so each test sees only
/// its own measurements) by the catalog's compilations and the factory's sessions.
/// </summary>
public sealed class CoreMetricsTests : IDisposable
{
    private readonly TempStoryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Compile_SuccessAndFailure_RecordDurationWithOutcomeTag()
    {
        _folder.Write("good.yarn", Stories.Hello());
        _folder.Write("bad.yarn", Stories.Broken);
        using var services = CreateServices();
        using var duration = Collect<double>(services, GameBookCoreTelemetry.CompileDuration);

        _ = services.GetRequiredService<IStoryCatalog>().Stories;

        var measurements = duration.GetMeasurementSnapshot();
        Assert.Equal(2, measurements.Count);
        Assert.Single(measurements, m => m.MatchesTags(new KeyValuePair<string, object?>(GameBookCoreTelemetry.OutcomeTag, "success")));
        Assert.Single(measurements, m => m.MatchesTags(new KeyValuePair<string, object?>(GameBookCoreTelemetry.OutcomeTag, "failure")));
        Assert.All(measurements, m => Assert.True(m.Value >= 0));
        Assert.Equal("s", duration.Instrument!.Unit);
    }

    [Fact]
    public void Session_StartedAndRunToTheEnd_CountsStartedAndActive()
    {
        _folder.Write("intro.yarn", Stories.Hello());
        using var services = CreateServices();
        using var started = Collect<long>(services, GameBookCoreTelemetry.SessionsStarted);
        using var active = Collect<long>(services, GameBookCoreTelemetry.SessionsActive);
        var sessions = services.GetRequiredService<IStorySessionFactory>();

        using var session = sessions.CreateSession("intro");
        Assert.Equal(1, Sum(started));
        Assert.Equal(1, Sum(active));

        Assert.Equal(StepKind.Line, session.Next().Kind);
        Assert.Equal(StepKind.End, session.Next().Kind);
        Assert.Equal(0, Sum(active));

        session.Dispose(); // an ended session is not counted down twice
        Assert.Equal(0, Sum(active));
        Assert.Equal(1, Sum(started));
    }

    [Fact]
    public void Session_Restored_CountsAsStartedAndActive()
    {
        _folder.Write("tour.yarn", Stories.Tour);
        using var services = CreateServices();
        var sessions = services.GetRequiredService<IStorySessionFactory>();
        using var original = sessions.CreateSession("tour");
        original.Next();
        using var started = Collect<long>(services, GameBookCoreTelemetry.SessionsStarted);
        using var active = Collect<long>(services, GameBookCoreTelemetry.SessionsActive);

        var restored = sessions.Restore("tour", original.Save());

        Assert.True(restored.Success, restored.Error);
        using var session = restored.Session;
        Assert.Equal(1, Sum(started));
        Assert.Equal(1, Sum(active));
    }

    [Fact]
    public void Session_DisposedBeforeTheEnd_IsNoLongerActive()
    {
        _folder.Write("intro.yarn", Stories.Hello());
        using var services = CreateServices();
        using var active = Collect<long>(services, GameBookCoreTelemetry.SessionsActive);
        var sessions = services.GetRequiredService<IStorySessionFactory>();

        var first = sessions.CreateSession("intro");
        using var second = sessions.CreateSession("intro");
        Assert.Equal(2, Sum(active));

        first.Dispose();
        Assert.Equal(1, Sum(active));
    }

    [Fact]
    public void Steps_OfEachKind_AreCountedWithTheirKindTag_AndSelectionsCounted()
    {
        _folder.Write("tour.yarn", Stories.Tour);
        using var services = CreateServices();
        using var steps = Collect<long>(services, GameBookCoreTelemetry.Steps);
        using var selections = Collect<long>(services, GameBookCoreTelemetry.Selections);
        using var session = services.GetRequiredService<IStorySessionFactory>().CreateSession("tour");

        Assert.Equal(StepKind.Line, session.Next().Kind);
        Assert.Equal(StepKind.Command, session.Next().Kind);
        Assert.Equal(StepKind.Options, session.Next().Kind);
        Assert.Equal(0, Sum(selections));
        session.Choose(0);
        Assert.Equal(StepKind.Line, session.Next().Kind);
        Assert.Equal(StepKind.End, session.Next().Kind);

        Assert.Equal(2, Sum(steps, "line"));
        Assert.Equal(1, Sum(steps, "command"));
        Assert.Equal(1, Sum(steps, "options"));
        Assert.Equal(1, Sum(steps, "end"));
        Assert.Equal(0, Sum(steps, "error"));
        Assert.Equal(1, Sum(selections));
    }

    [Fact]
    public void Session_RunawayLoop_CountsAnErrorWithItsTypeAndIsNoLongerActive()
    {
        _folder.Write("loop.yarn", Stories.Loop);
        using var services = CreateServices(o => o.MaxInstructionsPerStep = 1_000);
        using var errors = Collect<long>(services, GameBookCoreTelemetry.SessionErrors);
        using var steps = Collect<long>(services, GameBookCoreTelemetry.Steps);
        using var active = Collect<long>(services, GameBookCoreTelemetry.SessionsActive);
        using var session = services.GetRequiredService<IStorySessionFactory>().CreateSession("loop");

        var step = session.Next();

        Assert.Equal(StepKind.Error, step.Kind);
        var error = Assert.Single(errors.GetMeasurementSnapshot());
        Assert.Equal(1, error.Value);
        Assert.Equal(step.Error!.Kind.ToString(), Assert.IsType<string>(error.Tags[GameBookCoreTelemetry.ErrorTypeTag]), ignoreCase: true);
        Assert.Equal(1, Sum(steps, "error"));
        Assert.Equal(0, Sum(active));
    }

    [Fact]
    public void Instruments_WithoutAMeterFactory_RecordOnTheSharedMeter()
    {
        _folder.Write("intro.yarn", Stories.Hello());
        using var catalog = new StoryCatalog(new GameBookOptions { StoriesPath = _folder.Path, ReloadOnChange = false });
        using var duration = new MetricCollector<double>(CoreInstrumentation.Shared.CompileDuration);

        catalog.Load();

        // The shared meter is process-wide, so other tests may record too: at least this compilation is there.
        Assert.Contains(duration.GetMeasurementSnapshot(), m => m.MatchesTags(new KeyValuePair<string, object?>(GameBookCoreTelemetry.OutcomeTag, "success")));
    }

    private ServiceProvider CreateServices(Action<GameBookOptions>? configure = null) =>
        new ServiceCollection()
            .AddMetrics()
            .AddGameBook(o =>
            {
                o.StoriesPath = _folder.Path;
                o.ReloadOnChange = false;
                configure?.Invoke(o);
            })
            .Services.BuildServiceProvider();

    private static MetricCollector<T> Collect<T>(IServiceProvider services, string instrument)
        where T : struct =>
        new(services.GetRequiredService<IMeterFactory>(), GameBookCoreTelemetry.Name, instrument);

    private static long Sum(MetricCollector<long> collector) => collector.GetMeasurementSnapshot().Sum(m => m.Value);

    private static long Sum(MetricCollector<long> collector, string stepKind) =>
        collector.GetMeasurementSnapshot()
            .Where(m => m.MatchesTags(new KeyValuePair<string, object?>(GameBookCoreTelemetry.StepKindTag, stepKind)))
            .Sum(m => m.Value);
}
