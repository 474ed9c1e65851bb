using CsCheck;
using GameBook.Authoring.Analysis;
using GameBook.Compilation;

namespace GameBook.Authoring.Tests.Analysis;

/// <summary>
/// Random and mutated story text, compiled and analyzed: every outcome is a report whose diagnostics have
/// valid ranges in their file, never an exception.
/// </summary>
public class AnalysisFuzzTests
{
    private const string Seed = """
        title: Start
        section: 1
        analysis: off GB1004
        ---
        <<declare $gold = 5>>
        <<declare $dest = "Cave">>
        <<enum Mood>>
            <<case Happy>>
            <<case Sad>>
        <<endenum>>
        <<declare $mood = .Happy>>
        -> Buy <<if $gold >= 5 and $mood == .Sad>>
            <<set $gold -= 5>>
            <<detour Shop>>
        -> Never <<if $gold > 9 and $gold < 2>>
            <<jump Cave>>
        -> Gamble <<once>>
            <<set $gold += dice(6)>>
            <<jump {$dest}>>
        => One <<if visited("Cave")>>
        => Two
        <<once>>
            First.
        <<else>>
            <<return>>
        <<endonce>>
        <<if $gold is 0>>
            <<jump Cave>>
        <<elseif false>>
            <<stop>>
        <<endif>>
        ===
        title: Cave
        section: 3
        when: always
        ---
        Dark.
        ===
        title: Cave
        when: $gold > 2
        ---
        <<stop>>
        ===
        title: Shop
        analysis: story off GB9
        ---
        ===
        """;

    private static readonly string[] Tokens =
    [
        "\n", "title: Start\n---\n", "title: A\n---\n", "title: A\nwhen: always\n---\n", "===\n", "section: 2\n", "section: -4\n",
        "tags: ending\n", "analysis: off\n", "analysis: story off GB1001\n", "analysis: x\n", "<<jump A>>\n", "<<detour A>>\n",
        "<<jump {$d}>>\n", "<<set $d to \"A\">>\n", "<<return>>\n", "<<stop>>\n", "-> Go\n", "    ", "-> X <<if false>>\n",
        "=> Y <<if dice(2) > 2>>\n", "<<if true>>\n", "<<else>>\n", "<<endif>>\n", "<<once>>\n", "<<endonce>>\n", "<<declare $q = 1>>\n",
        "Hello {$q}.\n", "<<set $q to $q + 1>>\n", "<<jump {\"A\" + string($q)}>>\n",
    ];

    private static readonly Lazy<string[]> Corpus = new(() =>
    [
        Seed,
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "stories", "the-lanternkeepers-oath.yarn")),
    ]);

    private static void AssertAnalyzes(string text)
    {
        var report = StoryAnalyzer.Analyze([new StorySource("fuzz.yarn", text)]);
        var lines = text.Split('\n');
        foreach (var d in report.Diagnostics)
        {
            var r = d.Range;
            Assert.True(r.StartLine >= 1 && r.StartColumn >= 1 && r.EndLine <= lines.Length, d.ToString());
            Assert.True(r.StartLine < r.EndLine || (r.StartLine == r.EndLine && r.StartColumn <= r.EndColumn), d.ToString());
            Assert.True(r.StartColumn <= lines[r.StartLine - 1].Length + 1 && r.EndColumn <= lines[r.EndLine - 1].Length + 1, d.ToString());
            Assert.NotEqual(DiagnosticCodes.InternalError, d.Code);
        }
    }

    private static string Mutate(string text, int mutations, int seed)
    {
        var random = new Random(seed);
        var lines = text.Split('\n').ToList();
        for (var i = 0; i < mutations && lines.Count > 0; i++)
        {
            var at = random.Next(lines.Count);
            switch (random.Next(5))
            {
                case 0:
                    lines.RemoveAt(at);
                    break;
                case 1:
                    lines.Insert(random.Next(lines.Count), lines[at]);
                    break;
                case 2:
                    (lines[at], lines[^1]) = (lines[^1], lines[at]);
                    break;
                case 3:
                    lines.Insert(at, Tokens[random.Next(Tokens.Length)].TrimEnd('\n'));
                    break;
                default:
                    var line = lines[at];
                    var pos = random.Next(line.Length + 1);
                    lines[at] = line[..pos] + "{}<>#:$\"-="[random.Next(10)] + line[pos..];
                    break;
            }
        }

        return string.Join('\n', lines);
    }

    [Fact]
    public void Seed_CompilesAndAnalyzes()
    {
        var report = StoryAnalyzer.Analyze([new StorySource("fuzz.yarn", Seed)]);

        Assert.False(report.HasErrors, string.Join("\n", report.Diagnostics));
        Assert.Contains(report.Diagnostics, d => d.Code == AnalysisCodes.OptionNeverAvailable);
        Assert.Contains(report.Diagnostics, d => d.Code == AnalysisCodes.InvalidAnalysisHeader);
    }

    [Fact]
    public void MutatedStories_AnalyzeWithoutThrowing()
    {
        var corpus = Corpus.Value;
        Gen.Select(Gen.Int[0, corpus.Length - 1], Gen.Int[1, 12], Gen.Int)
            .Sample((file, mutations, seed) => AssertAnalyzes(Mutate(corpus[file], mutations, seed)), iter: 400, threads: 1);
    }

    [Fact]
    public void RandomTokenStories_AnalyzeWithoutThrowing()
    {
        Gen.Int[0, Tokens.Length - 1].Array[0, 120]
            .Sample(indexes => AssertAnalyzes("title: Start\n---\n" + string.Concat(indexes.Select(i => Tokens[i]))), iter: 1500, threads: 1);
    }
}
