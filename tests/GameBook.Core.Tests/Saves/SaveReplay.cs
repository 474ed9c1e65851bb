using GameBook.Compilation;
using GameBook.Runtime;

namespace GameBook.Core.Tests.Saves;

/// <summary>
/// The reference a restored save is held to: a fresh session of the new story, replayed with the same choices (by option
/// text) to the same point (the same occurrence of the last line delivered before the save), must continue exactly as the
/// restored session does.
/// </summary>
internal static class SaveReplay
{
    public enum Outcome
    {
        /// <summary>Restored, and continued exactly as the replay.</summary>
        Same,

        /// <summary>Refused with a message.</summary>
        Refused,

        /// <summary>Migrated by the save migrator, then continued exactly as the replay.</summary>
        Migrated,

        /// <summary>The new story cannot be replayed to the save point (the path there was edited away): nothing to compare.</summary>
        NoReference,
    }

    /// <summary>The outcome; <paramref name="Text"/> is the refusal message, or the continuation that was compared.</summary>
    public sealed record Result(Outcome Outcome, string? Text);

    public static Story Compile(params (string Path, string Text)[] files)
    {
        var result = StoryCompiler.Compile(files.Select(f => new StorySource(f.Path, f.Text)));
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        return result.Story!;
    }

    /// <summary>Plays <paramref name="steps"/> steps of <paramref name="old"/> choosing with <paramref name="pick"/>, saves, restores into <paramref name="edited"/> and compares with the replay.</summary>
    public static Result Check(Story old, Story edited, int steps, Func<int, int> pick, ISaveMigrator? migrator = null, int compare = 40)
    {
        var recorder = new RecordingSaliency();
        var session = old.CreateSession(new SessionOptions { Seed = 5, SaliencyStrategy = recorder });
        var choices = new List<string>();
        var shown = new List<string>();
        string? lastLine = null;
        var lastLineCount = 0;
        var lineCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < steps; i++)
        {
            var step = session.Next();
            if (step.Kind == StepKind.End || step.Kind == StepKind.Error)
            {
                break;
            }

            if (step.Kind == StepKind.Line)
            {
                lastLine = step.Line.Text;
                shown.Add(lastLine);
                lastLineCount = lineCounts[lastLine] = lineCounts.GetValueOrDefault(lastLine) + 1;
            }
            else if (step.Kind == StepKind.Options)
            {
                lastLine = null;
                lineCounts.Clear();
                var available = step.Options.Where(o => o.IsAvailable).ToList();
                if (available.Count == 0)
                {
                    session.Choose(StorySession.NoOption);
                    choices.Add("");
                    continue;
                }

                var chosen = available[pick(available.Count)];
                choices.Add(chosen.Text);
                session.Choose(chosen.Index);
            }
        }

        var json = session.Save().ToJson();
        var read = SessionSnapshot.FromJson(json);
        Assert.True(read.Success, read.Error);
        var restored = edited.Restore(read.Snapshot!, new SessionOptions { Seed = 5, SaveMigrator = migrator });
        if (!restored.Success)
        {
            Assert.False(string.IsNullOrWhiteSpace(restored.Error));
            return new Result(Outcome.Refused, restored.Error);
        }

        var forced = new ForcedSaliency(recorder.Picks, [.. old.Program.SaliencyContent.Select(c => c.Id)]);
        var replayed = new List<string>();
        var reference = Replay(edited, choices, lastLine, lastLineCount, forced, replayed);
        forced.Done = true;
        if (reference is null || forced.Diverged)
        {
            return new Result(Outcome.NoReference, null);
        }

        // Choosing the same saliency content by ID must show the same content: the lines both stories have, shown as often
        // (in any order: an edit may move them). Otherwise an ID now names other content, and restored state follows it there.
        var oldTexts = old.Lines.Select(l => l.Text).ToHashSet(StringComparer.Ordinal);
        var newTexts = edited.Lines.Select(l => l.Text).ToHashSet(StringComparer.Ordinal);
        var before = shown.Where(newTexts.Contains).Order(StringComparer.Ordinal).ToList();
        var after = replayed.Where(oldTexts.Contains).Order(StringComparer.Ordinal).ToList();
        Assert.True(before.SequenceEqual(after), $"The replay chose the same content IDs but showed other content:\nplayed:   {string.Join(" / ", shown)}\nreplayed: {string.Join(" / ", replayed)}");

        Unsee(old, edited, reference);

        var a = Describe(restored.Session!, compare);
        var b = Describe(reference, compare);
        Assert.True(a.SequenceEqual(b), $"The restored session diverged from the replay{(restored.Migrated ? " (migrated)" : "")}:\nrestored: {string.Join(" / ", a)}\nreplay:   {string.Join(" / ", b)}");
        return new Result(restored.Migrated ? Outcome.Migrated : Outcome.Same, string.Join(" / ", a));
    }

    /// <summary>
    /// Content the edit added was never seen by the player, though the replay passed it: its once flags, visit counts and
    /// view counts go back to their initial values in the replay (what "each flag follows its own content" means).
    /// </summary>
    private static void Unsee(Story old, Story edited, StorySession replay)
    {
        var oldVariables = old.Program.Variables.Select(v => v.Name).ToHashSet(StringComparer.Ordinal);
        var vars = (GameBook.Values.StoryValue[])typeof(StorySession).GetField("_vars", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(replay)!;
        for (var i = 0; i < edited.Program.Variables.Length; i++)
        {
            var v = edited.Program.Variables[i];
            if (v.IsInternal && !v.IsSmart && !oldVariables.Contains(v.Name))
            {
                vars[i] = v.InitialValue;
            }
        }

        var oldContent = old.Program.SaliencyContent.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        if (typeof(StorySession).GetField("_views", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(replay) is int[] views)
        {
            for (var i = 0; i < views.Length; i++)
            {
                if (!oldContent.Contains(edited.Program.SaliencyContent[i].Id))
                {
                    views[i] = 0;
                }
            }
        }
    }

    /// <summary>The new story played with the same choices to the same occurrence (since the last choice) of the last line; null if that point is not reached.</summary>
    private static StorySession? Replay(Story story, List<string> choices, string? lastLine, int occurrences, ISaliencyStrategy saliency, List<string> shown)
    {
        var session = story.CreateSession(new SessionOptions { Seed = 5, SaliencyStrategy = saliency });
        var choice = 0;
        var seen = 0;
        for (var i = 0; i < 10_000; i++)
        {
            if (choice == choices.Count && (lastLine is null || seen == occurrences))
            {
                return session;
            }

            var step = session.Next();
            switch (step.Kind)
            {
                case StepKind.Line:
                    shown.Add(step.Line.Text);
                    if (choice == choices.Count && step.Line.Text == lastLine)
                    {
                        seen++;
                    }

                    break;
                case StepKind.Options:
                    if (choice == choices.Count)
                    {
                        return null;
                    }

                    var text = choices[choice++];
                    if (text.Length == 0)
                    {
                        session.Choose(StorySession.NoOption);
                        break;
                    }

                    var match = step.Options.Where(o => o.IsAvailable && o.Text == text).Select(o => (int?)o.Index).FirstOrDefault();
                    if (match is null)
                    {
                        return null;
                    }

                    session.Choose(match.Value);
                    break;
                case StepKind.End:
                case StepKind.Error:
                    return null;
            }
        }

        return null;
    }

    /// <summary>The default strategy, recording what it chose (by content ID) before the save.</summary>
    private sealed class RecordingSaliency : ISaliencyStrategy
    {
        public List<string> Picks { get; } = [];

        public int Choose(ReadOnlySpan<SaliencyCandidate> candidates, SaliencyRandom random)
        {
            var chosen = SaliencyStrategies.BestLeastRecentlySeen.Choose(candidates, random);
            if (chosen >= 0)
            {
                Picks.Add(candidates[chosen].ContentId);
            }

            return chosen;
        }
    }

    /// <summary>
    /// "The same choices" include the saliency choices: until the save point the replay shows the line-group item or
    /// node-group member the player was shown (by content ID), wherever an edit moved it; a group made only of content the
    /// edit added chooses as usual. When the shown content is gone (edited away), new content may stand in for it; other
    /// old content cannot, and the replay has diverged.
    /// After the save point (<see cref="Done"/>) the default strategy chooses, as it does for the restored session.
    /// </summary>
    private sealed class ForcedSaliency(List<string> picks, HashSet<string> oldContent) : ISaliencyStrategy
    {
        private int _next;

        public bool Done { get; set; }

        public bool Diverged { get; private set; }

        public int Choose(ReadOnlySpan<SaliencyCandidate> candidates, SaliencyRandom random)
        {
            if (!Done)
            {
                var fromOld = false;
                foreach (var c in candidates)
                {
                    fromOld |= oldContent.Contains(c.ContentId);
                }

                if (fromOld)
                {
                    for (var i = 0; _next < picks.Count && i < candidates.Length; i++)
                    {
                        if (candidates[i].ConditionPassed && candidates[i].ContentId == picks[_next])
                        {
                            _next++;
                            return i;
                        }
                    }

                    // The content shown is gone (edited or removed): what replaces it must be new content, which counts as
                    // unseen; choosing other old content would give it seen state the player never had.
                    _next++;
                    var substitute = SaliencyStrategies.BestLeastRecentlySeen.Choose(candidates, random);
                    Diverged |= substitute >= 0 && oldContent.Contains(candidates[substitute].ContentId);
                    return substitute;
                }
            }

            return SaliencyStrategies.BestLeastRecentlySeen.Choose(candidates, random);
        }
    }

    public static List<string> Describe(StorySession session, int steps)
    {
        var list = new List<string>();
        for (var i = 0; i < steps; i++)
        {
            var step = session.Next();
            switch (step.Kind)
            {
                case StepKind.Line:
                    list.Add(step.Line.Text);
                    break;
                case StepKind.Command:
                    list.Add("<<" + step.Command.Text + ">>");
                    break;
                case StepKind.Options:
                    var options = step.Options;
                    list.Add("[" + string.Join("|", options.Select(o => o.ToString())) + "]");
                    var first = options.FirstOrDefault(o => o.IsAvailable);
                    session.Choose(options.AvailableCount == 0 ? StorySession.NoOption : first.Index);
                    break;
                case StepKind.End:
                    list.Add("end");
                    return list;
                default:
                    list.Add("error: " + step.Error!.Message);
                    return list;
            }
        }

        return list;
    }
}
