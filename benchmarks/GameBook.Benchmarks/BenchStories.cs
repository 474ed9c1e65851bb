using System.Globalization;
using System.Text;
using GameBook.Compilation;
using GameBook.Runtime;

namespace GameBook.Benchmarks;

/// <summary>Finds and compiles the shared benchmark stories (../shared/bench beside the repository).</summary>
internal static class BenchStories
{
    private static readonly Lazy<(string? Directory, string? Problem)> Location = new(Locate);

    /// <summary>The folder of the shared benchmark stories.</summary>
    /// <exception cref="DirectoryNotFoundException">It is absent (<see cref="MissingReason"/> says where it was looked for).</exception>
    public static string Directory => Location.Value.Directory ?? throw new DirectoryNotFoundException(Location.Value.Problem);

    /// <summary>Why the shared stories cannot be read, or null when they are present.</summary>
    public static string? MissingReason => Location.Value.Problem;

    public static string ReadText(string fileName) => File.ReadAllText(Path.Combine(Directory, fileName));

    public static Story Compile(string fileName)
    {
        var result = StoryCompiler.Compile(fileName, ReadText(fileName));
        if (result.Story is null)
        {
            throw new InvalidOperationException($"{fileName} did not compile:{Environment.NewLine}{string.Join(Environment.NewLine, result.Diagnostics)}");
        }

        return result.Story;
    }

    /// <summary>Compiles Yarn text generated in memory (such as <see cref="GenerateFeatureRich"/>'s).</summary>
    public static Story CompileText(string fileName, string text)
    {
        var result = StoryCompiler.Compile(fileName, text);
        if (result.Story is null)
        {
            throw new InvalidOperationException($"{fileName} did not compile:{Environment.NewLine}{string.Join(Environment.NewLine, result.Diagnostics)}");
        }

        return result.Story;
    }

    /// <summary>
    /// A deterministic gamebook of <paramref name="nodes"/> scenes (plus ten camp nodes) that uses what
    /// gamebook_2000.yarn does not: an enum, smart variables (one reading another), line groups with conditions
    /// chosen by saliency, <c>&lt;&lt;once&gt;&gt;</c> blocks and once-options, detours that return, and
    /// <c>[plural]</c>/<c>[select]</c> markup on lines and options. Like gen_gamebook.py: every scene sets
    /// <c>$gold</c>, offers three options that jump to random scenes (the second conditional), and every 40th
    /// scene is an ending. Same arguments, same text.
    /// </summary>
    public static string GenerateFeatureRich(int nodes = 2000, int seed = 12345)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nodes, 2);
        var random = new Random(seed);
        var text = new StringBuilder(nodes * 700);
        string Scene(int i) => i == 0 ? "Start" : "Scene_" + i.ToString(CultureInfo.InvariantCulture);
        string Sentence(int min, int max)
        {
            var words = new string[random.Next(min, max + 1)];
            for (var w = 0; w < words.Length; w++)
            {
                words[w] = Words[random.Next(Words.Length)];
            }

            var joined = string.Join(' ', words);
            return char.ToUpperInvariant(joined[0]) + joined[1..] + ".";
        }

        void Line(string line) => text.Append(line).Append('\n');
        for (var i = 0; i < nodes; i++)
        {
            Line($"title: {Scene(i)}");
            Line("---");
            if (i == 0)
            {
                Line("<<enum Mood>>");
                Line("    <<case Calm>>");
                Line("    <<case Wary>>");
                Line("    <<case Bold>>");
                Line("<<endenum>>");
                Line("<<declare $gold = 0>>");
                Line("<<declare $mood = Mood.Calm>>");
                Line("<<declare $rich = $gold >= 10>>");
                Line("<<declare $weight = $gold * 2 + 1>>");
                Line("<<declare $danger = $mood == Mood.Wary and not $rich>>");
            }

            if (i % 40 == 39)
            {
                Line($"Narrator: {Sentence(6, 12)}");
                Line($"Narrator: The tale ends here with [plural value={{$gold}} one=\"% coin\" other=\"% coins\"/]. Ending {(i / 40) + 1}.");
                Line("<<stop>>");
                Line("===");
                continue;
            }

            Line("<<set $gold to $gold + 1>>");
            Line($"=> Narrator: {Sentence(4, 8)} <<if $rich>>");
            Line($"=> Narrator: {Sentence(4, 8)} You feel [select value={{$mood}} Calm=\"calm\" Wary=\"wary\" Bold=\"bold\"/]. <<if $mood == Mood.Wary>>");
            Line($"=> Narrator: {Sentence(6, 12)}");
            Line($"=> Narrator: {Sentence(4, 8)} You carry [plural value={{$gold}} one=\"% coin\" other=\"% coins\"/]. <<if $gold > 2>>");
            Line("<<once>>");
            Line($"    Narrator: {Sentence(6, 12)}");
            Line("<<else>>");
            Line($"    Narrator: {Sentence(4, 8)} You feel {{$mood}} here.");
            Line("<<endonce>>");
            if (i % 3 == 0)
            {
                Line($"<<detour Camp_{i % 10}>>");
            }

            Line((i % 4) switch
            {
                1 => "<<set $mood to Mood.Wary>>",
                3 => "<<set $mood to .Bold>>",
                _ => "<<set $mood to Mood.Calm>>",
            });
            if (random.Next(3) == 0)
            {
                Line($"Narrator: {Sentence(4, 8)} Your pack weighs {{$weight}} pounds.");
            }

            Line($"-> {Sentence(3, 6)} <<once>>");
            Line($"    <<jump {Scene(random.Next(1, nodes))}>>");
            Line("-> Pay the toll <<if $rich>>");
            Line("    <<set $gold to $gold - 3>>");
            Line($"    <<jump {Scene(random.Next(1, nodes))}>>");
            Line("-> Walk on with [plural value={$gold} one=\"one coin\" other=\"% coins\"/] in your purse");
            Line($"    <<jump {Scene(random.Next(1, nodes))}>>");
            Line("===");
        }

        for (var camp = 0; camp < 10; camp++)
        {
            Line($"title: Camp_{camp}");
            Line("---");
            Line("=> Narrator: The fire hisses in the wind. <<if $danger>>");
            Line($"=> Narrator: {Sentence(6, 12)}");
            Line("=> Narrator: You count [plural value={$gold} one=\"% coin\" other=\"% coins\"/] by the fire. <<if $gold > 0>>");
            Line("Narrator: You rest, [select value={$mood} Calm=\"at ease\" Wary=\"listening\" Bold=\"sword in hand\"/].");
            Line("<<return>>");
            Line("===");
        }

        return text.ToString();
    }

    private static readonly string[] Words =
        ("the old road winds past a ruined tower where crows gather and a cold wind carries the smell of rain over the "
        + "hills toward the sleeping village below lantern bridge river merchant stranger sword coin gate shadow forest").Split(' ');

    private static (string?, string?) Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GameBookStudio.sln")))
            {
                var bench = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "bench"));
                return System.IO.Directory.Exists(bench)
                    ? (bench, null)
                    : (null, $"The benchmark stories are read from {bench}, which does not exist: put the shared folder (its bench/ holds gamebook_200.yarn and gamebook_2000.yarn) beside the repository.");
            }
        }

        return (null, "Run the benchmarks from inside the repository (GameBookStudio.sln not found above the binaries).");
    }
}

/// <summary>Marks a benchmark class that reads the shared stories (../shared/bench); it is left out when they are absent.</summary>
[AttributeUsage(AttributeTargets.Class)]
internal sealed class NeedsSharedStoriesAttribute : Attribute;
