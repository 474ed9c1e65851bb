using System.Diagnostics.Metrics;
using GameBook.Library;
using GameBook.Localization;
using GameBook.Text;

namespace GameBook.Runtime;

/// <summary>
/// How a session runs. Immutable once built (init-only); one instance may be shared by many sessions.
/// </summary>
public sealed class SessionOptions
{
    internal static readonly SessionOptions Default = new();

    /// <summary>The node a new session starts at.</summary>
    public string StartNode { get; init; } = "Start";

    /// <summary>The random seed; null draws one from the system (then saves still reproduce the session exactly).</summary>
    public ulong? Seed { get; init; }

    /// <summary>
    /// How many instructions one <see cref="StorySession.Next"/> may run, and past that how many it may repeat, before
    /// it reports a runaway loop (<see cref="StoryErrorKind.StepBudgetExceeded"/>). Work that does not repeat (a huge
    /// menu, a long chain of jumps) is never cut short. At least 1.
    /// </summary>
    public int MaxInstructionsPerStep { get; init; } = 100_000;

    /// <summary>Binds functions whose signatures the compiler inferred (registered after compiling), by name.</summary>
    public FunctionLibrary? Library { get; init; }

    /// <summary>How line groups and node groups choose their content.</summary>
    public ISaliencyStrategy SaliencyStrategy { get; init; } = SaliencyStrategies.BestLeastRecentlySeen;

    /// <summary>Plural rules for the <c>[plural]</c> and <c>[ordinal]</c> markers.</summary>
    public IPluralRules PluralRules { get; init; } = Text.PluralRules.English;

    /// <summary>Where session metrics go; null uses the process-wide meter.</summary>
    public IMeterFactory? MeterFactory { get; init; }

    /// <summary>Migrates a save whose position no longer exists in a changed story; null reports an error instead.</summary>
    public ISaveMigrator? SaveMigrator { get; init; }

    /// <summary>
    /// The locale sessions show lines and options in (with fallback to the base text), or null for the base text.
    /// Its <see cref="StoryLocalization.PluralRules"/> replace <see cref="PluralRules"/>. It must belong to the story
    /// the session plays. A session can switch later with <see cref="StorySession.Localization"/>.
    /// </summary>
    public StoryLocalization? Localization { get; init; }

    /// <summary>The plural rules as the VM calls them: host-supplied rules wrapped so a failure becomes an error step.</summary>
    internal IPluralRules GuardedPluralRules => field ??= ReferenceEquals(PluralRules, Text.PluralRules.English) ? PluralRules : new PluralRulesGuard(PluralRules);

    /// <summary>Throws when a value cannot work; called when a session is created or restored.</summary>
    internal void Validate()
    {
        if (MaxInstructionsPerStep < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxInstructionsPerStep), MaxInstructionsPerStep,
                "SessionOptions.MaxInstructionsPerStep must be at least 1 (the default is 100000).");
        }

        if (StartNode is null || PluralRules is null || SaliencyStrategy is null)
        {
            throw new ArgumentException("SessionOptions.StartNode, PluralRules and SaliencyStrategy must not be null.");
        }
    }

    /// <summary>Host plural rules whose exceptions fail the step (as host functions do) instead of escaping <c>Next</c>.</summary>
    internal sealed class PluralRulesGuard(IPluralRules inner) : IPluralRules
    {
        public PluralCategory GetCardinalCategory(double value)
        {
            try
            {
                return inner.GetCardinalCategory(value);
            }
            catch (Exception ex)
            {
                throw new StoryFault(StoryErrorKind.HostFunctionFailed, $"The plural rules failed for {value}: {ex.Message}", ex);
            }
        }

        public PluralCategory GetOrdinalCategory(double value)
        {
            try
            {
                return inner.GetOrdinalCategory(value);
            }
            catch (Exception ex)
            {
                throw new StoryFault(StoryErrorKind.HostFunctionFailed, $"The plural rules failed for {value}: {ex.Message}", ex);
            }
        }
    }
}
