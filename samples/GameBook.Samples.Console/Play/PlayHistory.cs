using GameBook.Runtime;

namespace GameBook.Samples.Console;

/// <summary>Something shown before a prompt: a line or a command; kept so <c>back</c> and <c>--watch</c> can show it again.</summary>
internal readonly record struct Shown(StepKind Kind, StoryLine Line, string Text);

/// <summary>
/// One choice the player made: the session as it was at the prompt (to go back to), what was shown before the
/// prompt, and the option chosen (its index, text and explicit <c>#line:</c> ID if it has one, for replaying into an
/// edited story).
/// </summary>
internal sealed record Turn(SessionSnapshot AtPrompt, IReadOnlyList<Shown> Passage, int Option, string OptionText, string? OptionId)
{
    /// <summary>The option's line ID when the author gave it (<c>#line:</c>): it names the option across rewordings. Generated IDs do not.</summary>
    public static string? ExplicitId(StoryOption option) => option.Line.Tags.Contains(option.Line.Id) ? option.Line.Id : null;
}

/// <summary>Where a replay stopped, and the session and turns it rebuilt.</summary>
internal sealed record ReplayResult(StorySession Session, List<Turn> Turns, List<Shown> Passage, string? StoppedBecause);

/// <summary>
/// Replays choices into a (new version of a) story: each choice is matched by its option's text, else by its explicit line ID,
/// among the available options of the option set at the same point. Where none matches, or the story ends or fails
/// first, the replay stops there and says why. Thread-safe (stateless).
/// </summary>
internal static class ChoiceReplay
{
    /// <summary>A bound on lines and commands between two option sets, against a story that loops without asking.</summary>
    public const int MaxStepsBetweenChoices = 100_000;

    public static ReplayResult Run(StorySession session, IReadOnlyList<Turn> choices)
    {
        var turns = new List<Turn>(choices.Count);
        var passage = new List<Shown>();
        var steps = 0;
        while (true)
        {
            if (turns.Count == choices.Count && session.State == SessionState.AwaitingChoice)
            {
                return new ReplayResult(session, turns, passage, null);
            }

            if (++steps > MaxStepsBetweenChoices)
            {
                return new ReplayResult(session, turns, passage, $"the story ran {MaxStepsBetweenChoices} steps without asking for choice {turns.Count + 1}.");
            }

            var step = session.Next();
            switch (step.Kind)
            {
                case StepKind.Line:
                    passage.Add(new Shown(StepKind.Line, step.Line, step.Line.Text));
                    break;
                case StepKind.Command:
                    passage.Add(new Shown(StepKind.Command, default, step.Command.Text));
                    break;
                case StepKind.Options when step.Options.AvailableCount == 0:
                    session.Choose(StorySession.NoOption);
                    break;
                case StepKind.Options:
                    if (turns.Count == choices.Count)
                    {
                        return new ReplayResult(session, turns, passage, null);
                    }

                    var wanted = choices[turns.Count];
                    var index = Find(step.Options, wanted);
                    if (index < 0)
                    {
                        return new ReplayResult(session, turns, passage, Gone(step.Options, wanted, turns.Count + 1));
                    }

                    var option = step.Options[index];
                    turns.Add(new Turn(session.Save(), passage, index, option.Text, Turn.ExplicitId(option)));
                    passage = [];
                    session.Choose(index);
                    steps = 0;
                    break;
                case StepKind.End:
                    return new ReplayResult(session, turns, passage, turns.Count == choices.Count
                        ? null
                        : $"the story now ends before choice {turns.Count + 1} ('{choices[turns.Count].OptionText}').");
                default:
                    return new ReplayResult(session, turns, passage, $"the story now fails before choice {turns.Count + 1}: {step.Error?.Message}");
            }
        }
    }

    private static int Find(OptionSet options, Turn wanted)
    {
        for (var i = 0; i < options.Count; i++)
        {
            if (options[i].IsAvailable && options[i].Text == wanted.OptionText)
            {
                return i;
            }
        }

        for (var i = 0; i < options.Count; i++)
        {
            if (wanted.OptionId is not null && options[i].IsAvailable && options[i].Line.Id == wanted.OptionId)
            {
                return i;
            }
        }

        return -1;
    }

    private static string Gone(OptionSet options, Turn wanted, int number)
    {
        for (var i = 0; i < options.Count; i++)
        {
            if (options[i].Text == wanted.OptionText)
            {
                return $"choice {number} ('{wanted.OptionText}') is now unavailable.";
            }
        }

        var offered = string.Join(", ", options.Select(o => $"'{o.Text}'"));
        return $"choice {number} ('{wanted.OptionText}') is gone; the options there are now {offered}.";
    }
}
