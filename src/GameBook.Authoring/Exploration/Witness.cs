using System.Globalization;
using System.Text;
using GameBook.Runtime;

namespace GameBook.Authoring.Exploration;

/// <summary>One random draw of a witness step. An immutable value.</summary>
/// <param name="Count">How many outcomes the draw had (for <c>random()</c>, how many samples were explored).</param>
/// <param name="Value">The outcome taken, in [0, <paramref name="Count"/>): the source's integer, the sample's index, or the dice total minus <paramref name="Dice"/>.</param>
/// <param name="Sample">For a <c>random()</c> draw, the number returned; null otherwise.</param>
/// <param name="Dice">For the total of several dice drawn at once (<c>roll("2d6")</c>, see <see cref="IDiceTotalSource"/>), how many dice; 0 otherwise.</param>
public readonly record struct WitnessDraw(long Count, long Value, double? Sample, int Dice)
{
    /// <inheritdoc/>
    public override string ToString() => Sample is { } sample
        ? string.Create(CultureInfo.InvariantCulture, $"random()={sample}")
        : Dice > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{Dice}d{((Count - 1) / Dice) + 1}={Value + Dice}")
            : string.Create(CultureInfo.InvariantCulture, $"{Value + 1} of {Count}");
}

/// <summary>
/// One decision of a witness: an option chosen (or the fall-through of an option set with none available, or
/// continuing after a random step), then the random outcomes drawn before the next state. An immutable value.
/// </summary>
/// <param name="Option">The option index chosen, <see cref="StorySession.NoOption"/>, or <see cref="Continue"/>.</param>
/// <param name="Draws">The random outcomes drawn by the step that ends this decision (empty when none).</param>
public readonly record struct WitnessStep(int Option, IReadOnlyList<WitnessDraw> Draws)
{
    /// <summary>The <see cref="Option"/> of a step that makes no choice: it continues the story after a random step or from a start.</summary>
    public const int Continue = -2;

    /// <inheritdoc/>
    public override string ToString()
    {
        var head = Option switch
        {
            Continue => "continue",
            StorySession.NoOption => "no option",
            _ => string.Create(CultureInfo.InvariantCulture, $"option {Option + 1}"),
        };
        return Draws.Count == 0 ? head : $"{head} [{string.Join(", ", Draws)}]";
    }
}

/// <summary>
/// A replayable path through a story: the entry node, then every choice and random outcome, in order. Replay it with
/// <see cref="Replay"/> to read it as a transcript. Immutable and thread-safe.
/// </summary>
public sealed class Witness
{
    /// <summary>How many lines and commands a decision runs before the explorer stores a state; replay cuts decisions the same way.</summary>
    internal const int StepsPerDecision = 1024;

    /// <summary>Creates a witness.</summary>
    /// <param name="entryNode">The node the session starts at.</param>
    /// <param name="steps">The decisions, in order.</param>
    public Witness(string entryNode, IReadOnlyList<WitnessStep> steps)
    {
        ArgumentNullException.ThrowIfNull(entryNode);
        ArgumentNullException.ThrowIfNull(steps);
        EntryNode = entryNode;
        Steps = steps;
    }

    /// <summary>The node the session starts at.</summary>
    public string EntryNode { get; }

    /// <summary>The decisions, in order.</summary>
    public IReadOnlyList<WitnessStep> Steps { get; }

    /// <summary>How many decisions: the length witnesses are shortest by.</summary>
    public int Length => Steps.Count;

    /// <summary>
    /// Plays the witness on a new session of <paramref name="story"/> and records what the player would see. A story that
    /// no longer fits the witness (an option that is not available, a draw with another count) stops the replay with
    /// <see cref="WitnessTranscript.Mismatch"/> set, rather than throwing.
    /// </summary>
    /// <param name="story">The story the witness was found in.</param>
    /// <param name="options">Session options (the library of host functions, limits); <see cref="SessionOptions.StartNode"/> is replaced by <see cref="EntryNode"/>.</param>
    /// <exception cref="ArgumentException">The story has no node named <see cref="EntryNode"/>.</exception>
    public WitnessTranscript Replay(Story story, SessionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(story);
        var session = story.CreateSession(Sessions.WithStart(options, EntryNode));
        var source = new ReplaySource();
        session.RandomSource = source;
        var log = new List<string>();
        var pending = default(OptionSet);
        var awaiting = false;
        string? mismatch = null;
        var draws = new List<WitnessDraw>();
        for (var i = 0; i < Steps.Count; i++)
        {
            var step = Steps[i];
            if (step.Option != WitnessStep.Continue)
            {
                if (!awaiting)
                {
                    mismatch = "the witness chooses an option where the story shows none";
                    break;
                }

                if (step.Option == StorySession.NoOption ? pending.AvailableCount != 0 : (uint)step.Option >= (uint)pending.Count || !pending[step.Option].IsAvailable)
                {
                    mismatch = string.Create(CultureInfo.InvariantCulture, $"option {step.Option} is not available");
                    break;
                }

                log.Add(step.Option == StorySession.NoOption ? "-> (no option available)" : "-> " + pending[step.Option].Text);
                session.Choose(step.Option);
            }
            else if (awaiting)
            {
                mismatch = "the witness continues where the story waits for a choice";
                break;
            }

            // A decision runs on to the next choice or end; the explorer stores a state mid-way only before a step that
            // draws again (or after StepsPerDecision quiet steps), so the Continue steps that follow feed the same run.
            var merged = 1;
            draws.Clear();
            draws.AddRange(step.Draws);
            while (i + 1 < Steps.Count && Steps[i + 1].Option == WitnessStep.Continue)
            {
                draws.AddRange(Steps[++i].Draws);
                merged++;
            }

            source.Load(draws);
            awaiting = false;
            for (var count = 0; count < StepsPerDecision * merged; count++)
            {
                var next = session.Next();
                if (source.Mismatch is { } problem)
                {
                    mismatch = problem;
                    break;
                }

                if (next.Kind == StepKind.Line)
                {
                    log.Add(next.Line.Text);
                }
                else if (next.Kind == StepKind.Command)
                {
                    log.Add("<<" + next.Command.Text + ">>");
                }
                else if (next.Kind == StepKind.Options)
                {
                    pending = next.Options;
                    awaiting = true;
                    log.Add(string.Join(" | ", pending.Select(o => o.IsAvailable ? o.Text : o.Text + " [disabled]")));
                    break;
                }
                else
                {
                    break;
                }
            }

            if (mismatch is null && source.Drawn != draws.Count)
            {
                mismatch = string.Create(CultureInfo.InvariantCulture, $"the step drew {source.Drawn} random numbers, the witness has {draws.Count}");
            }

            if (mismatch is not null)
            {
                break;
            }
        }

        if (session.State == SessionState.Ended)
        {
            log.Add("(end)");
        }
        else if (session.State == SessionState.Faulted && session.Next().Error is { } error)
        {
            log.Add("(error) " + error.Message);
        }

        var final = session.State == SessionState.Faulted ? session.Next().Error : null;
        var transcript = new WitnessTranscript(log, session.State, session.CurrentNode, final, mismatch);
        session.Dispose();
        return transcript;
    }

    /// <summary>The entry node and the decisions, e.g. <c>Start: option 2, continue [3 of 6]</c>.</summary>
    public override string ToString()
    {
        var text = new StringBuilder(EntryNode).Append(':');
        if (Steps.Count == 0)
        {
            return text.Append(" (start)").ToString();
        }

        foreach (var step in Steps)
        {
            text.Append(' ').Append(step).Append(',');
        }

        return text.ToString(0, text.Length - 1);
    }

    /// <summary>Returns the recorded outcomes in order and checks each draw's count against the witness.</summary>
    private sealed class ReplaySource : IDiceTotalSource
    {
        private IReadOnlyList<WitnessDraw> _draws = [];

        public int Drawn { get; private set; }

        public string? Mismatch { get; private set; }

        public void Load(IReadOnlyList<WitnessDraw> draws)
        {
            _draws = draws;
            Drawn = 0;
        }

        public long NextDiceTotal(int count, int sides)
        {
            var draw = Take();
            if (draw.Dice != count || draw.Count != ((long)count * (sides - 1)) + 1)
            {
                Mismatch ??= string.Create(CultureInfo.InvariantCulture, $"draw {Drawn} is {count}d{sides}, the witness recorded {draw}");
                return count;
            }

            return count + draw.Value;
        }

        public long NextInteger(long count)
        {
            var draw = Take();
            if (draw.Sample is not null || draw.Dice != 0 || draw.Count != count)
            {
                Mismatch ??= string.Create(CultureInfo.InvariantCulture, $"draw {Drawn} has {count} outcomes, the witness recorded {draw}");
                return 0;
            }

            return draw.Value;
        }

        public double NextDouble()
        {
            var draw = Take();
            if (draw.Sample is not { } sample)
            {
                Mismatch ??= string.Create(CultureInfo.InvariantCulture, $"draw {Drawn} is random(), the witness recorded {draw}");
                return 0;
            }

            return sample;
        }

        private WitnessDraw Take()
        {
            if (Drawn >= _draws.Count)
            {
                Mismatch ??= "the story draws more random numbers than the witness recorded";
                Drawn++;
                return new WitnessDraw(0, 0, null, 0);
            }

            return _draws[Drawn++];
        }
    }
}

/// <summary>What replaying a <see cref="Witness"/> showed. Immutable and thread-safe.</summary>
/// <param name="Lines">Lines, option sets (<c>a | b [disabled]</c>), chosen options (<c>-&gt; text</c>), commands (<c>&lt;&lt;text&gt;&gt;</c>), and <c>(end)</c> or the error.</param>
/// <param name="FinalState">Where the session was when the witness ran out.</param>
/// <param name="FinalNode">The node it was in, or ended in.</param>
/// <param name="Error">The error the session stopped with, if it faulted.</param>
/// <param name="Mismatch">Why the story did not follow the witness, or null when it did.</param>
public sealed record WitnessTranscript(IReadOnlyList<string> Lines, SessionState FinalState, StoryNodeInfo? FinalNode, StoryError? Error, string? Mismatch)
{
    /// <summary>The transcript, one entry a line.</summary>
    public override string ToString() => string.Join(Environment.NewLine, Lines);
}

/// <summary>Builds the session options the explorer and replays use.</summary>
internal static class Sessions
{
    public static SessionOptions WithStart(SessionOptions? options, string startNode) => options is null
        ? new SessionOptions { StartNode = startNode, Seed = 0 }
        : new SessionOptions
        {
            StartNode = startNode,
            Seed = 0,
            MaxInstructionsPerStep = options.MaxInstructionsPerStep,
            Library = options.Library,
            SaliencyStrategy = options.SaliencyStrategy,
            PluralRules = options.PluralRules,
            MeterFactory = options.MeterFactory,
            SaveMigrator = options.SaveMigrator,
        };
}
