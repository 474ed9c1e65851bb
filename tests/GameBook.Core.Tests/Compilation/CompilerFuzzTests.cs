using CsCheck;
using GameBook.Compilation;
using GameBook.Core.Tests.Conformance;

namespace GameBook.Core.Tests.Compilation;

/// <summary>
/// Feeds thousands of random and mutated stories to the compiler: every outcome must be diagnostics (with
/// valid ranges) or a story, never an exception or an internal error.
/// </summary>
public class CompilerFuzzTests
{
    private const string BuiltInSeed = """
        title: Start
        section: 3
        tags: ending
        ---
        <<declare $gold = 5>>
        <<enum Mood>>
            <<case Happy>>
            <<case Sad = 2>>
        <<endenum>>
        <<declare $mood = .Happy>>
        Guide: You have {$gold} gold and feel {string($mood)}. #line:g1
        -> Buy [b]a lamp[/b] <<if $gold >= 5 and not has("lamp")>>
            <<give "lamp">>
            <<set $gold -= 5>>
        -> Gamble <<once>>
            <<set $gold += roll("2d6+1") * 2 % 7>>
        => Variant one <<if visited("Other")>>
        => Variant two <<once if $gold > 1>>
        <<once>>
            First time only.
        <<else>>
            Again.
        <<endonce>>
        <<if $mood == Mood.Sad || $gold is 0>>
            <<detour Other>>
        <<elseif count("lamp") gte 1>>
            <<take "lamp" 1>>
        <<else>>
            <<jump {"Other"}>>
        <<endif>>
        <<shake camera {$gold}>>
        ===
        title: Other
        when: once if $gold > 2
        ---
        This is a line. #line:src
        This is a line. #shadow:src
        <<return>>
        ===
        title: Other
        when: always
        ---
        <<stop>>
        ===
        """;

    private static readonly string[] Tokens =
    [
        "<<", ">>", "{", "}", "->", "=>", "===", "---", "\n", "\r\n", "<<if ", "<<endif>>", "<<else>>", "<<elseif ",
        "$x", "\"", "#line:dup", "#shadow:src", "(", ")", "title: Start\n", "title: X\nwhen: always\n---\n", "\t", "    ",
        "\\", "[b]", "[/b]", "[select value={$x} a=\"b\" /]", "//", "<<once>>", "<<endonce>>", "when: once\n", "<<enum E>>",
        "<<case A>>", "<<endenum>>", ".A", "E.A", "not ", " and ", " + ", " - ", "*", "==", "<<set $x to ", "<<declare $y = ",
        "<<jump ", "<<detour ", "<<return>>", "<<stop>>", "<<give \"x\" ", "roll(\"d%\")", "visited(", "dummy(", ":", "#", "\0", "\u00A0", "ツ",
    ];

    private static readonly Lazy<string[]> Corpus = new(LoadCorpus);

    private static string[] LoadCorpus()
    {
        var texts = new List<string> { BuiltInSeed };
        if (ConformanceSuite.Directory is { } suite)
        {
            var cases = Path.Combine(suite, "TestCases");
            texts.AddRange(Directory.EnumerateFiles(cases, "*.yarn").Order(StringComparer.Ordinal).Select(File.ReadAllText));
            texts.AddRange(Directory.EnumerateFiles(Path.Combine(cases, "ParseFailures"), "*.yarn").Order(StringComparer.Ordinal).Select(File.ReadAllText));
            var bench = Path.GetFullPath(Path.Combine(suite, "..", "..", "bench", "gamebook_200.yarn"));
            if (File.Exists(bench))
            {
                texts.Add(File.ReadAllText(bench));
            }
        }

        return [.. texts];
    }

    [Fact]
    public void Compile_MutatedStories_NeverThrow()
    {
        var corpus = Corpus.Value;
        Gen.Select(Gen.Int[0, corpus.Length - 1], Gen.Int[1, 12], Gen.Int)
            .Sample((file, mutations, seed) => AssertCompiles(Mutate(corpus[file], mutations, seed)), iter: 3000, threads: 1);
    }

    [Fact]
    public void Compile_RandomTokenSoup_NeverThrows()
    {
        Gen.Int[0, Tokens.Length - 1].Array[0, 300]
            .Sample(indexes => AssertCompiles("title: Start\n---\n" + string.Concat(indexes.Select(i => Tokens[i]))), iter: 2000, threads: 1);
    }

    [Fact]
    public void Compile_RandomCharacters_NeverThrow()
    {
        Gen.Char.Array[0, 2000].Select(chars => new string(chars))
            .Sample(AssertCompiles, iter: 1000, threads: 1);
    }

    [Fact]
    public void Compile_SeveralMutatedFilesTogether_NeverThrow()
    {
        var corpus = Corpus.Value;
        Gen.Select(Gen.Int[0, corpus.Length - 1], Gen.Int[0, corpus.Length - 1], Gen.Int)
            .Sample((a, b, seed) =>
            {
                var sources = new[] { new StorySource("a.yarn", Mutate(corpus[a], 2, seed)), new StorySource("b.yarn", Mutate(corpus[b], 2, seed ^ 0x5555)) };
                var result = StoryCompiler.Compile(sources);
                foreach (var d in result.Diagnostics)
                {
                    Assert.NotEqual(DiagnosticCodes.InternalError, d.Code);
                    DiagnosticAssert.HasValidRange(d, d.File == "a.yarn" ? sources[0].Text : sources[1].Text);
                }
            }, iter: 300, threads: 1);
    }

    private static void AssertCompiles(string text)
    {
        var result = StoryCompiler.Compile("fuzz.yarn", text);
        Assert.Equal(result.HasErrors, result.Story is null);
        foreach (var d in result.Diagnostics)
        {
            Assert.True(d.Code != DiagnosticCodes.InternalError, d.Message);
            DiagnosticAssert.HasValidRange(d, text);
        }
    }

    /// <summary>Applies delete / duplicate / swap / insert mutations, chosen by a seeded generator so failures reproduce.</summary>
    private static string Mutate(string text, int mutations, int seed)
    {
        var rng = new Random(seed);
        var s = text;
        for (var m = 0; m < mutations; m++)
        {
            var a = rng.Next(s.Length + 1);
            var len = Math.Min(rng.Next(1, 40), s.Length - a);
            switch (rng.Next(5))
            {
                case 0:
                    s = s.Remove(a, len);
                    break;
                case 1:
                    s = s.Insert(a, s.Substring(a, len));
                    break;
                case 2:
                {
                    var b = rng.Next(s.Length + 1);
                    var lenB = Math.Min(rng.Next(1, 40), s.Length - b);
                    if (b >= a + len || b + lenB <= a)
                    {
                        var (first, firstLen, second, secondLen) = a < b ? (a, len, b, lenB) : (b, lenB, a, len);
                        s = s[..first] + s.Substring(second, secondLen) + s[(first + firstLen)..second] + s.Substring(first, firstLen) + s[(second + secondLen)..];
                    }

                    break;
                }

                case 3:
                    s = s.Insert(a, Tokens[rng.Next(Tokens.Length)]);
                    break;
                default:
                    s = s.Insert(a, ((char)rng.Next(0, 0x3000)).ToString());
                    break;
            }
        }

        return s;
    }
}
