namespace GameBook.Diagnostics;

/// <summary>Names of the meter, activity source and instruments that GameBook.Core publishes.</summary>
public static class GameBookCoreTelemetry
{
    /// <summary>The name of the <see cref="System.Diagnostics.Metrics.Meter"/> and <see cref="System.Diagnostics.ActivitySource"/>.</summary>
    public const string Name = "GameBook.Core";

    /// <summary>Histogram, seconds: how long a compilation took. Tag <see cref="OutcomeTag"/>.</summary>
    public const string CompileDuration = "gamebook.story.compile.duration";

    /// <summary>Counter, {session}: sessions created (new or restored).</summary>
    public const string SessionsStarted = "gamebook.session.started";

    /// <summary>UpDownCounter, {session}: sessions started and not yet ended, faulted or disposed.</summary>
    public const string SessionsActive = "gamebook.session.active";

    /// <summary>Counter, {step}: steps delivered to hosts. Tag <see cref="StepKindTag"/>.</summary>
    public const string Steps = "gamebook.session.steps";

    /// <summary>Counter, {selection}: options chosen.</summary>
    public const string Selections = "gamebook.session.selections";

    /// <summary>Counter, {error}: sessions that stopped with an error. Tag <see cref="ErrorTypeTag"/>.</summary>
    public const string SessionErrors = "gamebook.session.errors";

    /// <summary>Tag on <see cref="CompileDuration"/>: <c>success</c> or <c>failure</c>.</summary>
    public const string OutcomeTag = "gamebook.outcome";

    /// <summary>Tag on <see cref="Steps"/>: <c>line</c>, <c>options</c>, <c>command</c>, <c>end</c>, <c>error</c>.</summary>
    public const string StepKindTag = "gamebook.step.kind";

    /// <summary>Tag on <see cref="SessionErrors"/>: the error kind.</summary>
    public const string ErrorTypeTag = "error.type";

    /// <summary>Activity name of a compilation.</summary>
    public const string CompileActivity = "gamebook.compile";

    /// <summary>Activity name of one session step (only created when something listens).</summary>
    public const string StepActivity = "gamebook.session.step";
}
