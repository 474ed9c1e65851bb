using System.Text;
using CsCheck;
using Xunit.Abstractions;
using GameBook.Compilation;
using GameBook.Runtime;
using static GameBook.Core.Tests.Saves.SaveReplay;

namespace GameBook.Core.Tests.Saves;

/// <summary>
/// Random stories (plain and once-only lines, once blocks, option sets, an enum and conditions on it; half of them with a
/// node group of unsubtitled members, sometimes identical ones), a random save point, and a random edit (insert, delete or
/// move a line; insert a node, a once block or an option; delete an unused node; reorder enum cases or nodes; rename the
/// file; add a group member before, between or after the others, remove, move, duplicate or edit one). Restoring the save into the edited story either continues exactly
/// as a fresh playthrough of the edited story replayed to the same point (<see cref="SaveReplay"/>), or is refused with a
/// message naming what changed: never a third outcome.
/// </summary>
public class SaveEditPropertyTests(ITestOutputHelper output)
{
    private sealed class RandomStory
    {
        public List<List<string>> Nodes { get; } = [];

        /// <summary>The members of node group "Crowd" (none: no group): each a <c>when:</c> header and body blocks; no subtitles.</summary>
        public List<(string When, List<string> Blocks)> Crowd { get; } = [];

        public bool EnumSwapped { get; set; }

        public string Path { get; set; } = "story.yarn";

        public RandomStory Clone()
        {
            var copy = new RandomStory { EnumSwapped = EnumSwapped, Path = Path };
            copy.Nodes.AddRange(Nodes.Select(n => n.ToList()));
            copy.Crowd.AddRange(Crowd.Select(m => (m.When, m.Blocks.ToList())));
            return copy;
        }

        public string Text(List<string> names)
        {
            var text = new StringBuilder();
            for (var i = 0; i < Nodes.Count; i++)
            {
                text.Append("title: ").Append(names[i]).Append("\n---\n");
                if (names[i] == "Start")
                {
                    text.Append(EnumSwapped
                        ? "<<enum Color>>\n    <<case Green>>\n    <<case Red>>\n    <<case Blue>>\n<<endenum>>\n"
                        : "<<enum Color>>\n    <<case Red>>\n    <<case Green>>\n    <<case Blue>>\n<<endenum>>\n");
                    text.Append("<<declare $c = Color.Red>>\n<<declare $n = 0>>\n");
                }

                foreach (var block in Nodes[i])
                {
                    text.Append(block).Append('\n');
                }

                text.Append("===\n");
            }

            foreach (var (when, blocks) in Crowd)
            {
                text.Append("title: Crowd\nwhen: ").Append(when).Append("\n---\n");
                foreach (var block in blocks)
                {
                    text.Append(block).Append('\n');
                }

                text.Append("===\n");
            }

            return text.ToString();
        }
    }

    private static int counter;

    private static string Unique(string what) => $"{what} {Interlocked.Increment(ref counter)}.";

    private static string RandomBlock(Random r, int nodeCount) => r.Next(9) switch
    {
        0 or 1 or 2 => Unique("Line"),
        3 => Unique("Once line") + " <<once>>",
        4 => $"<<once>>\n    {Unique("In a block")}\n    {Unique("Also in it")}\n<<endonce>>",
        5 => $"<<set $c to Color.{(r.Next(2) == 0 ? "Green" : "Blue")}>>",
        6 => $"<<if $c == Color.Green>>\n    {Unique("Green")}\n<<else>>\n    {Unique("Not green")}\n<<endif>>",
        7 => "<<set $n to $n + 1>>",
        _ => $"-> {Unique("Ask")}\n    {Unique("Answer")}\n-> {Unique("Wait")} <<if $n > 1>>\n    {Unique("Waited")}\n-> {Unique("Leave")}",
    };

    private static readonly string[] Whens = ["always", "once", "$n > 1", "once if $c == Color.Red"];

    /// <summary>A member of the crowd: no option sets or sets in its body (removing a member must not remove a set already run), and a way out.</summary>
    private static (string When, List<string> Blocks) RandomMember(Random r, int nodeCount)
    {
        var blocks = new List<string>();
        for (var k = r.Next(1, 4); k > 0; k--)
        {
            blocks.Add(r.Next(4) switch
            {
                0 or 1 => Unique("Crowd line"),
                2 => Unique("Crowd once line") + " <<once>>",
                _ => $"<<once>>\n    {Unique("Crowd block")}\n<<endonce>>",
            });
        }

        blocks.Add($"-> Leave the crowd\n    <<jump {Name(r.Next(nodeCount))}>>\n-> Stay in the crowd\n    <<jump Crowd>>");
        return (Whens[r.Next(Whens.Length)], blocks);
    }

    private static RandomStory Generate(Random r)
    {
        var story = new RandomStory();
        var nodes = r.Next(2, 5);
        var crowd = r.Next(2) == 0;
        for (var i = 0; i < nodes; i++)
        {
            var blocks = new List<string>();
            for (var k = r.Next(1, 6); k > 0; k--)
            {
                blocks.Add(RandomBlock(r, nodes));
            }

            // Every node ends by offering a way on, so playthroughs go on long enough to save and compare.
            var a = r.Next(nodes);
            var b = (a + 1 + r.Next(nodes - 1)) % nodes;
            blocks.Add($"-> Go to {Name(a)}\n    <<jump {Name(a)}>>\n-> Go to {Name(b)}\n    <<jump {Name(b)}>>" + (crowd ? "\n-> Join the crowd\n    <<jump Crowd>>" : ""));
            story.Nodes.Add(blocks);
        }

        for (var m = crowd ? r.Next(2, 5) : 0; m > 0; m--)
        {
            story.Crowd.Add(RandomMember(r, nodes));
        }

        if (crowd && r.Next(4) == 0)
        {
            var twin = story.Crowd[r.Next(story.Crowd.Count)];
            story.Crowd.Add((twin.When, twin.Blocks.ToList())); // identical members
        }

        return story;
    }

    private static string Name(int i) => i == 0 ? "Start" : "N" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static List<string> Names(int count) => [.. Enumerable.Range(0, count).Select(Name)];

    /// <summary>Applies one random edit; returns what it was.</summary>
    private static string ApplyEdit(Random r, RandomStory story, List<string> names)
    {
        if (story.Crowd.Count > 0 && r.Next(3) == 0)
        {
            return ApplyCrowdEdit(r, story);
        }

        var node = r.Next(story.Nodes.Count);
        var blocks = story.Nodes[node];
        var editable = blocks.Count - 1; // the final option set stays
        switch (r.Next(10))
        {
            case 0:
                blocks.Insert(r.Next(editable + 1), Unique("Inserted line"));
                return $"line inserted in {names[node]}";
            // Lines, once blocks and options are deleted and moved, never <<set>>s: deleting a set the player already ran
            // changes what a replay computes, and no save could know (the player's value is the right one to keep).
            case 1 when Stateless(blocks, editable) is { Count: > 0 } candidates:
                blocks.RemoveAt(candidates[r.Next(candidates.Count)]);
                return $"block deleted from {names[node]}";
            case 2 when Stateless(blocks, editable) is { Count: > 0 } candidates && !blocks.Take(editable).Any(b => b.Contains("<<set", StringComparison.Ordinal)):
                var from = candidates[r.Next(candidates.Count)];
                var moved = blocks[from];
                blocks.RemoveAt(from);
                blocks.Insert(r.Next(editable), moved);
                return $"block moved in {names[node]}";
            case 3:
                blocks.Insert(r.Next(editable + 1), $"<<once>>\n    {Unique("New block")}\n<<endonce>>");
                return $"once block inserted in {names[node]}";
            case 4:
                blocks.Insert(r.Next(editable + 1), $"-> {Unique("New option")}\n    {Unique("New answer")}\n-> {Unique("Other new option")}");
                return $"option set inserted in {names[node]}";
            case 5:
                blocks[^1] = $"-> {Unique("Extra way")}\n    {Unique("Nothing")}\n" + blocks[^1];
                return $"option inserted in {names[node]}";
            case 6:
                story.EnumSwapped = !story.EnumSwapped;
                return "enum cases reordered";
            case 7:
                story.Path = "renamed.yarn";
                return "file renamed";
            case 8:
                story.Nodes.Add([Unique("A new node"), "-> Back\n    <<jump Start>>"]);
                names.Add("New" + names.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
                return "node inserted";
            default:
                // Nodes moved: the last node first (Start stays first; the order in the file changes).
                if (story.Nodes.Count > 2)
                {
                    var last = story.Nodes[^1];
                    var lastName = names[^1];
                    story.Nodes.RemoveAt(story.Nodes.Count - 1);
                    names.RemoveAt(names.Count - 1);
                    story.Nodes.Insert(1, last);
                    names.Insert(1, lastName);
                }

                return "nodes reordered";
        }
    }

    /// <summary>Adds (before, between, after), removes, moves, duplicates or edits a member of the crowd.</summary>
    private static string ApplyCrowdEdit(Random r, RandomStory story)
    {
        var crowd = story.Crowd;
        var at = r.Next(crowd.Count);
        switch (r.Next(5))
        {
            case 0:
                var where = r.Next(crowd.Count + 1);
                crowd.Insert(where, RandomMember(r, story.Nodes.Count));
                return $"crowd member inserted at {where} of {crowd.Count}";
            case 1 when crowd.Count > 1:
                crowd.RemoveAt(at);
                return $"crowd member {at} removed";
            case 2 when crowd.Count > 1:
                var moved = crowd[at];
                crowd.RemoveAt(at);
                var to = (at + 1 + r.Next(crowd.Count)) % (crowd.Count + 1);
                crowd.Insert(to, moved);
                return $"crowd member {at} moved to {to}";
            case 3:
                crowd.Insert(r.Next(crowd.Count + 1), (crowd[at].When, crowd[at].Blocks.ToList()));
                return $"crowd member {at} duplicated";
            default:
                var blocks = crowd[at].Blocks;
                blocks.Insert(r.Next(blocks.Count), Unique("Inserted crowd line"));
                return $"line inserted in crowd member {at}";
        }
    }

    private static List<int> Stateless(List<string> blocks, int editable) =>
        [.. Enumerable.Range(0, editable).Where(i => !blocks[i].Contains("<<set", StringComparison.Ordinal))];

    private static Story? Compile(RandomStory story, List<string> names)
    {
        var result = StoryCompiler.Compile(story.Path, story.Text(names));
        return result.HasErrors ? null : result.Story;
    }

    [Fact]
    public void RandomEdits_EitherResumeAsAReplayWould_OrAreRefusedNamingWhatChanged()
    {
        var outcomes = new Dictionary<Outcome, int>();
        var crowdOutcomes = new Dictionary<Outcome, int>();
        Gen.Int.Sample(seed =>
        {
            var r = new Random(seed);
            var original = Generate(r);
            var names = Names(original.Nodes.Count);
            var old = Compile(original, names);
            Assert.True(old is not null, original.Text(names));
            var edited = original.Clone();
            var editedNames = names.ToList();
            var edit = ApplyEdit(r, edited, editedNames);
            var story = Compile(edited, editedNames);
            Assert.True(story is not null, edited.Text(editedNames));

            var steps = r.Next(1, 25);
            var pickSeed = r.Next();
            var picker = new Random(pickSeed);
            Result result;
            try
            {
                result = Check(old!, story!, steps, n => picker.Next(n));
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                throw new InvalidOperationException($"Edit: {edit}, {steps} steps, seed {seed}\n--- before\n{original.Text(names)}\n--- after\n{edited.Text(editedNames)}", ex);
            }

            if (result.Outcome == Outcome.Refused)
            {
                Assert.Matches("node '|member|variable|once|enum|Color|case|line|version", result.Text!);
            }

            lock (outcomes)
            {
                outcomes[result.Outcome] = outcomes.GetValueOrDefault(result.Outcome) + 1;
                if (edit.Contains("crowd", StringComparison.Ordinal))
                {
                    crowdOutcomes[result.Outcome] = crowdOutcomes.GetValueOrDefault(result.Outcome) + 1;
                }
            }
        }, iter: 600);

        output.WriteLine(string.Join(", ", outcomes.OrderBy(o => o.Key).Select(o => $"{o.Key}: {o.Value}")));
        output.WriteLine("node-group member edits: " + string.Join(", ", crowdOutcomes.OrderBy(o => o.Key).Select(o => $"{o.Key}: {o.Value}")));

        // The generator must exercise both outcomes, or the property proves little.
        Assert.True(outcomes.GetValueOrDefault(Outcome.Same) > 100, string.Join(", ", outcomes));
        Assert.True(outcomes.GetValueOrDefault(Outcome.Refused) > 20, string.Join(", ", outcomes));
        Assert.True(crowdOutcomes.GetValueOrDefault(Outcome.Same) > 20, string.Join(", ", crowdOutcomes));
        Assert.True(crowdOutcomes.GetValueOrDefault(Outcome.Refused) > 5, string.Join(", ", crowdOutcomes));
    }
}
