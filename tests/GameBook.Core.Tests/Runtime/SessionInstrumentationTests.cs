using System.Diagnostics;
using System.Diagnostics.Metrics;
using GameBook.Compiled;
using GameBook.Diagnostics;
using GameBook.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using static GameBook.Core.Tests.Runtime.TestStoryBuilder;

namespace GameBook.Core.Tests.Runtime;

public sealed class SessionInstrumentationTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    private IMeterFactory Factory => _services.GetRequiredService<IMeterFactory>();

    public void Dispose() => _services.Dispose();

    private static Story LineThenEnd()
    {
        var b = new TestStoryBuilder();
        var line = b.Line("hello");
        var a = b.Line("a");
        b.Node("Start", [I(OpCode.RunLine, line), I(OpCode.AddOption, a, 0, 3), I(OpCode.ShowOptions), I(OpCode.Return)]);
        return b.Build();
    }

    private MetricCollector<long> Collect(string name) => new(Factory, GameBookCoreTelemetry.Name, name);

    [Fact]
    public void Session_CountsStartedActiveStepsAndSelections()
    {
        using var started = Collect(GameBookCoreTelemetry.SessionsStarted);
        using var active = Collect(GameBookCoreTelemetry.SessionsActive);
        using var steps = Collect(GameBookCoreTelemetry.Steps);
        using var selections = Collect(GameBookCoreTelemetry.Selections);
        var session = LineThenEnd().CreateSession(new SessionOptions { MeterFactory = Factory });

        session.NextLine();
        session.NextOptions();
        session.Choose(0);
        session.NextEnd();
        session.NextEnd();
        session.Dispose();

        Assert.Equal(1, started.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal(0, active.GetMeasurementSnapshot().EvaluateAsCounter()); // +1 then -1 exactly once
        Assert.Equal(2, active.GetMeasurementSnapshot().Count);
        Assert.Equal(1, selections.GetMeasurementSnapshot().EvaluateAsCounter());
        var kinds = steps.GetMeasurementSnapshot().Select(m => (string)m.Tags[GameBookCoreTelemetry.StepKindTag]!).ToArray();
        Assert.Equal(["line", "options", "end", "end"], kinds);
    }

    [Fact]
    public void FaultedSession_CountsErrorByTypeAndLeavesActiveOnce()
    {
        using var active = Collect(GameBookCoreTelemetry.SessionsActive);
        using var errors = Collect(GameBookCoreTelemetry.SessionErrors);
        var b = new TestStoryBuilder();
        b.Node("Start", [I(OpCode.Jump, 0)]);
        var session = b.Build().CreateSession(new SessionOptions { MeterFactory = Factory, MaxInstructionsPerStep = 10 });

        session.NextError();
        session.NextError();
        session.Dispose();

        var error = Assert.Single(errors.GetMeasurementSnapshot());
        Assert.Equal(nameof(StoryErrorKind.StepBudgetExceeded), error.Tags[GameBookCoreTelemetry.ErrorTypeTag]);
        Assert.Equal(0, active.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal(2, active.GetMeasurementSnapshot().Count);
    }

    [Fact]
    public void Next_WithActivityListener_CreatesOneActivityPerStep()
    {
        var recorded = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == GameBookCoreTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = recorded.Add,
        };
        ActivitySource.AddActivityListener(listener);
        var session = LineThenEnd().CreateSession(new SessionOptions { MeterFactory = Factory });

        session.NextLine();
        session.NextOptions();

        var mine = recorded.Where(a => a.OperationName == GameBookCoreTelemetry.StepActivity).ToList();
        Assert.True(mine.Count >= 2);
        Assert.Contains(mine, a => (string?)a.GetTagItem(GameBookCoreTelemetry.StepKindTag) == "options");
    }
}
