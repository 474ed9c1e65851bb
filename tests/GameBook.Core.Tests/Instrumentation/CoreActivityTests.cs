using System.Collections.Concurrent;
using System.Diagnostics;
using GameBook.Core.Tests.Hosting;
using GameBook.Diagnostics;
using GameBook.Hosting;
using GameBook.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace GameBook.Core.Tests.Instrumentation;

/// <summary>Activity listeners are process-wide, so these tests run alone.</summary>
[CollectionDefinition(nameof(ActivityTests), DisableParallelization = true)]
public sealed class ActivityTests;

[Collection(nameof(ActivityTests))]
public sealed class CoreActivityTests : IDisposable
{
    private readonly TempStoryFolder _folder = new();
    private Activity? _currentInHostFunction;
    private int _hostFunctionCalls;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Activities_WithoutListener_AreNotCreated()
    {
        Assert.False(CoreInstrumentation.ActivitySource.HasListeners());

        RunProbeStory();

        Assert.Equal(1, _hostFunctionCalls);
        Assert.Null(_currentInHostFunction); // the step ran without an activity around it
    }

    [Fact]
    public void Activities_WithListener_CoverTheCompilationAndEachStep()
    {
        ConcurrentQueue<Activity> stopped = [];
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == GameBookCoreTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);

        RunProbeStory();

        Assert.Single(stopped, a => a.OperationName == GameBookCoreTelemetry.CompileActivity);
        Assert.Equal(2, stopped.Count(a => a.OperationName == GameBookCoreTelemetry.StepActivity)); // the line, then the end
        Assert.Equal(GameBookCoreTelemetry.StepActivity, _currentInHostFunction?.OperationName);
    }

    [Fact]
    public void Activities_ListenerThatDeclines_GetsNone()
    {
        int started = 0;
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == GameBookCoreTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.None,
            ActivityStarted = _ => Interlocked.Increment(ref started),
        };
        ActivitySource.AddActivityListener(listener);

        RunProbeStory();

        Assert.Equal(0, started);
        Assert.Null(_currentInHostFunction);
    }

    /// <summary>Compiles and runs a one-line story whose line calls a host function that looks at <see cref="Activity.Current"/>.</summary>
    private void RunProbeStory()
    {
        _folder.Write("probe.yarn", Stories.Hello("Probe {probe()}."));
        using var services = new ServiceCollection()
            .AddGameBook(o =>
            {
                o.StoriesPath = _folder.Path;
                o.ReloadOnChange = false;
            })
            .AddFunction("probe", () =>
            {
                _hostFunctionCalls++;
                _currentInHostFunction = Activity.Current;
                return 1;
            })
            .Services.BuildServiceProvider();
        using var session = services.GetRequiredService<IStorySessionFactory>().CreateSession("probe");

        Assert.Equal("Probe 1.", session.Next().Line.Text);
        Assert.Equal(StepKind.End, session.Next().Kind);
    }
}
