using GameBook.Runtime;

namespace GameBook.Authoring.Playtesting;

/// <summary>
/// How <see cref="Playtester"/> runs: how many playthroughs, from which master seed, on how many threads, within
/// which bounds, choosing how. Not thread-safe to change; do not change an instance while a run uses it.
/// </summary>
public sealed class PlaytestOptions
{
    /// <summary>How many playthroughs to run: indexes <see cref="FirstPlaythrough"/> to <c>FirstPlaythrough + Playthroughs - 1</c>.</summary>
    public int Playthroughs { get; set; } = PlaytestDefaults.Playthroughs;

    /// <summary>
    /// The index of the first playthrough (default 0). A host that splits one run across workers gives each a slice
    /// of the same master seed (<c>FirstPlaythrough = 0, 500, 1000, ...</c>); merging the slices' reports gives
    /// exactly the report of one run over all of them.
    /// </summary>
    public long FirstPlaythrough { get; set; }

    /// <summary>The seed every playthrough's seed is derived from (see <see cref="Playtester.PlaythroughSeed"/>).</summary>
    public ulong MasterSeed { get; set; }

    /// <summary>How many threads run playthroughs (default: the processor count). The report does not depend on it.</summary>
    public int MaxDegreeOfParallelism { get; set; } = Environment.ProcessorCount;

    /// <summary>
    /// Steps one playthrough may take; a playthrough that has not ended by then is stopped and reported as a
    /// step-limit hit with its seed (a story that never ends, or a loop that only the choices could leave).
    /// </summary>
    public int MaxStepsPerPlaythrough { get; set; } = PlaytestDefaults.MaxStepsPerPlaythrough;

    /// <summary>
    /// The overall time bound. When it passes, the run stops and returns a partial report with
    /// <see cref="PlaytestStopReason.TimedOut"/>. <see cref="Timeout.InfiniteTimeSpan"/> means no bound.
    /// </summary>
    public TimeSpan Timeout { get; set; } = PlaytestDefaults.Timeout;

    /// <summary>
    /// After a stop (time bound or cancellation), how long the run waits for playthroughs still inside the story before
    /// it abandons them (a host function that never returns) and reports them as <see cref="PlaytestProblemKind.Hung"/>.
    /// </summary>
    public TimeSpan StopGracePeriod { get; set; } = PlaytestDefaults.StopGracePeriod;

    /// <summary>How the options of each option set are chosen (default <see cref="ChoiceStrategies.Random"/>).</summary>
    public IChoiceStrategy ChoiceStrategy { get; set; } = ChoiceStrategies.Random;

    /// <summary>
    /// The variables (with or without <c>$</c>) whose values at the end of each playthrough are counted in histograms.
    /// Null (the default) tracks every number and bool variable the story declares (not smart variables, not strings,
    /// which are usually names and text); an empty list tracks none.
    /// </summary>
    public IReadOnlyList<string>? TrackedVariables { get; set; }

    /// <summary>Distinct values each histogram keeps exactly (the lowest ones); the others are counted as one "other" bucket.</summary>
    public int MaxHistogramValues { get; set; } = PlaytestDefaults.MaxHistogramValues;

    /// <summary>How many problems are recorded with their seeds (those of the lowest playthrough indexes). All are counted.</summary>
    public int MaxRecordedProblems { get; set; } = PlaytestDefaults.MaxRecordedProblems;

    /// <summary>
    /// The options each playthrough's session is created with: start node, function library, instruction budget,
    /// saliency strategy. Its <see cref="SessionOptions.Seed"/> is ignored: each playthrough uses its own seed.
    /// </summary>
    public SessionOptions Session { get; set; } = new();

    /// <summary>How often <c>IProgress</c> hears about the run.</summary>
    public TimeSpan ProgressInterval { get; set; } = PlaytestDefaults.ProgressInterval;

    /// <summary>The clock for the time bound, the grace period, progress and elapsed time.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>The longest delay timers take (about 49 days).</summary>
    private static readonly TimeSpan MaxTimer = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    /// <summary>Throws for values no run can use (a programming error, not bad story input).</summary>
    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(Playthroughs, nameof(Playthroughs));
        ArgumentOutOfRangeException.ThrowIfNegative(FirstPlaythrough, nameof(FirstPlaythrough));
        if (long.MaxValue - FirstPlaythrough < Playthroughs)
        {
            throw new ArgumentOutOfRangeException(nameof(FirstPlaythrough), "FirstPlaythrough + Playthroughs must fit in a 64-bit index.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDegreeOfParallelism, 1, nameof(MaxDegreeOfParallelism));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxStepsPerPlaythrough, 1, nameof(MaxStepsPerPlaythrough));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxHistogramValues, nameof(MaxHistogramValues));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxRecordedProblems, nameof(MaxRecordedProblems));
        if (Timeout != System.Threading.Timeout.InfiniteTimeSpan && (Timeout <= TimeSpan.Zero || Timeout > MaxTimer))
        {
            throw new ArgumentOutOfRangeException(nameof(Timeout), Timeout, $"Timeout must be positive and at most {MaxTimer.TotalDays:F0} days, or Timeout.InfiniteTimeSpan.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(StopGracePeriod, TimeSpan.Zero, nameof(StopGracePeriod));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(StopGracePeriod, MaxTimer, nameof(StopGracePeriod));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ProgressInterval, TimeSpan.Zero, nameof(ProgressInterval));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ProgressInterval, MaxTimer, nameof(ProgressInterval));
        ArgumentNullException.ThrowIfNull(ChoiceStrategy, nameof(ChoiceStrategy));
        if (string.IsNullOrWhiteSpace(ChoiceStrategy.Name))
        {
            throw new ArgumentException("The choice strategy needs a name for reports (IChoiceStrategy.Name).", nameof(ChoiceStrategy));
        }

        ArgumentNullException.ThrowIfNull(Session, nameof(Session));
        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
    }

    /// <summary>The session options for the playthrough with <paramref name="seed"/>.</summary>
    internal SessionOptions SessionFor(ulong seed) => new()
    {
        Seed = seed,
        StartNode = Session.StartNode,
        MaxInstructionsPerStep = Session.MaxInstructionsPerStep,
        Library = Session.Library,
        SaliencyStrategy = Session.SaliencyStrategy,
        PluralRules = Session.PluralRules,
        MeterFactory = Session.MeterFactory,
        SaveMigrator = Session.SaveMigrator,
    };
}
