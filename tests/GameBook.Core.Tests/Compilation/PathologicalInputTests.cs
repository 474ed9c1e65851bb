using System.Text;
using GameBook.Compilation;

namespace GameBook.Core.Tests.Compilation;

/// <summary>Inputs built to break a compiler: deep nesting, huge files, garbage. Each must give diagnostics or a story, never an exception.</summary>
public class PathologicalInputTests
{
    private static CompilationResult Compile(string body) =>
        StoryCompiler.Compile("deep.yarn", "title: Start\n---\n" + body + "\n===\n");

    private static void AssertNoInternalError(CompilationResult result, string text)
    {
        foreach (var d in result.Diagnostics)
        {
            Assert.NotEqual(DiagnosticCodes.InternalError, d.Code);
            DiagnosticAssert.HasValidRange(d, text);
        }
    }

    [Fact]
    public void Compile_TenThousandNestedParentheses_ReportsNestingTooDeep()
    {
        var expr = new string('(', 10_000) + "1" + new string(')', 10_000);
        var result = Compile("<<set $x = " + expr + ">>");

        Assert.True(result.HasErrors);
        Assert.Contains(result.Diagnostics, d => d.Code == DiagnosticCodes.NestingTooDeep);
        Assert.Single(result.Diagnostics, d => d.Code == DiagnosticCodes.NestingTooDeep);
    }

    [Fact]
    public void Compile_TenThousandUnaryOperators_ReportsNestingTooDeep()
    {
        var result = Compile("<<set $x = " + string.Concat(Enumerable.Repeat("- ", 10_000)) + "1>>");

        Assert.Contains(result.Diagnostics, d => d.Code == DiagnosticCodes.NestingTooDeep);
    }

    [Fact]
    public void Compile_HundredThousandTermSum_ReportsNestingTooDeepInsteadOfOverflowing()
    {
        var result = Compile("<<set $x = 1" + string.Concat(Enumerable.Repeat(" + 1", 100_000)) + ">>");

        Assert.Contains(result.Diagnostics, d => d.Code == DiagnosticCodes.NestingTooDeep);
    }

    [Fact]
    public void Compile_NestingWithinTheLimit_Compiles()
    {
        var expr = new string('(', 100) + "1" + new string(')', 100);
        var result = Compile("<<set $x = " + expr + ">>");

        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
    }

    [Fact]
    public void Compile_TenThousandNestedIfBlocks_ReportsNestingTooDeep()
    {
        var sb = new StringBuilder();
        for (var i = 0; i < 10_000; i++)
        {
            sb.Append("<<if true>>\n");
        }

        sb.Append("Deep\n");
        for (var i = 0; i < 10_000; i++)
        {
            sb.Append("<<endif>>\n");
        }

        var result = Compile(sb.ToString());

        Assert.Single(result.Diagnostics, d => d.Code == DiagnosticCodes.NestingTooDeep);
        Assert.True(result.HasErrors);
    }

    [Fact]
    public void Compile_TenThousandNestedOptions_ReportsNestingTooDeep()
    {
        var sb = new StringBuilder();
        for (var i = 0; i < 10_000; i++)
        {
            sb.Append(' ', i).Append("-> Option ").Append(i).Append('\n');
        }

        var result = Compile(sb.ToString());

        Assert.Single(result.Diagnostics, d => d.Code == DiagnosticCodes.NestingTooDeep);
    }

    [Fact]
    public void Compile_TenThousandUnclosedIfs_ReportsWithoutCrashing()
    {
        var text = "title: Start\n---\n" + string.Concat(Enumerable.Repeat("<<if true>>\n", 10_000));
        var result = StoryCompiler.Compile("open.yarn", text);

        Assert.True(result.HasErrors);
        AssertNoInternalError(result, text);
    }

    [Fact]
    public void Compile_CustomNestingLimit_IsHonoured()
    {
        var body = "<<if true>>\n<<if true>>\n<<if true>>\nx\n<<endif>>\n<<endif>>\n<<endif>>";
        var text = "title: Start\n---\n" + body + "\n===\n";

        Assert.False(StoryCompiler.Compile("a.yarn", text, new CompileOptions { MaxNestingDepth = 3 }).HasErrors);
        Assert.Contains(StoryCompiler.Compile("a.yarn", text, new CompileOptions { MaxNestingDepth = 2 }).Diagnostics, d => d.Code == DiagnosticCodes.NestingTooDeep);
    }

    [Fact]
    public void Compile_FiftyMegabyteFile_CompilesWithoutThrowing()
    {
        var node = new StringBuilder();
        var i = 0;
        var sb = new StringBuilder(52_000_000);
        while (sb.Length < 50_000_000)
        {
            node.Clear();
            node.Append("title: N").Append(i).Append("\n---\n");
            for (var j = 0; j < 40; j++)
            {
                node.Append("Narrator: A long line of story text that goes on for a while, number ").Append(j).Append(" {$gold}.\n");
            }

            node.Append("<<set $gold to $gold + 1>>\n-> Onwards\n    <<jump N").Append(i + 1).Append(">>\n===\n");
            sb.Append(node);
            i++;
        }

        sb.Append("title: N").Append(i).Append("\n---\nThe end.\n===\n");
        sb.Insert(0, "title: Start\n---\n<<declare $gold = 0>>\n<<jump N0>>\n===\n");
        var text = sb.ToString();

        var result = StoryCompiler.Compile("huge.yarn", text);

        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics.Take(5)));
        Assert.NotNull(result.Story);
    }

    [Fact]
    public void Compile_OneHugeLineOfGarbage_ReportsWithoutThrowing()
    {
        var rng = new Random(7);
        var chars = new char[2_000_000];
        for (var i = 0; i < chars.Length; i++)
        {
            const string alphabet = "<>{}[]\"\\#/-=$().,+ abc123\t";
            chars[i] = alphabet[rng.Next(alphabet.Length)];
        }

        var text = "title: Start\n---\n" + new string(chars) + "\n===\n";
        var result = StoryCompiler.Compile("garbage.yarn", text);

        AssertNoInternalError(result, text);
    }

    [Fact]
    public void Compile_RandomBytes_NeverThrows()
    {
        var rng = new Random(11);
        for (var n = 0; n < 200; n++)
        {
            var bytes = new byte[rng.Next(0, 4000)];
            rng.NextBytes(bytes);
            var text = Encoding.UTF8.GetString(bytes);
            AssertNoInternalError(StoryCompiler.Compile("random.yarn", text), text);
            AssertNoInternalError(StoryCompiler.Compile("random.yarn", "title: Start\n---\n" + text), "title: Start\n---\n" + text);
        }
    }

    [Fact]
    public void Compile_EveryPrefixOfAStory_NeverThrows()
    {
        const string story = """
            title: Start
            tags: ending
            section: 12
            ---
            <<declare $gold = 10>>
            <<enum Mood>>
                <<case Happy>>
                <<case Sad>>
            <<endenum>>
            Guide: You have {$gold} gold. #line:gold
            -> Buy a lamp <<if $gold >= 5>>
                <<give "lamp">>
                <<set $gold -= 5>>
            -> Roll for it <<once>>
                <<set $gold += roll("2d6+1")>>
            => A line <<if has("lamp")>>
            => Another
            <<if count("lamp") > 0 and visited("Start")>>
                <<jump {"Start"}>>
            <<elseif $gold is 3>>
                <<detour Start>>
            <<else>>
                <<stop>>
            <<endif>>
            ===
            """;
        for (var i = 0; i <= story.Length; i++)
        {
            var text = story[..i];
            AssertNoInternalError(StoryCompiler.Compile("prefix.yarn", text), text);
        }
    }
}

/// <summary>Nesting at the largest depth GameBookOptions accepts never overflows the stack, on a 1 MB thread.</summary>
public class NestingAtTheBoundTests
{
    private static CompilationResult CompileOnSmallStack(string text, int maxDepth)
    {
        CompilationResult? result = null;
        var thread = new Thread(() => result = StoryCompiler.Compile("deep.yarn", text, new CompileOptions { MaxNestingDepth = maxDepth }), maxStackSize: 1024 * 1024);
        thread.Start();
        thread.Join();
        return result!;
    }

    private static string Story(string body) => "title: Start\n---\n" + body + "\n===\n";

    [Theory]
    [InlineData("max(1, ", ")")]
    [InlineData("(", ")")]
    [InlineData("-", "")]
    public void DeepExpression_AtTheLargestAcceptedDepth_CompilesOrReportsOneError(string open, string close)
    {
        var depth = 4095;
        var expr = string.Concat(Enumerable.Repeat(open, depth)) + "1" + string.Concat(Enumerable.Repeat(close, depth));

        var result = CompileOnSmallStack(Story("<<declare $x = 0>>\n<<set $x to " + expr + ">>"), 4096);

        if (result.HasErrors)
        {
            var error = Assert.Single(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
            Assert.Equal(DiagnosticCodes.NestingTooDeep, error.Code);
            Assert.DoesNotContain(int.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void DeepBlocks_AtTheLargestAcceptedDepth_CompileOrReportOneError()
    {
        var body = string.Concat(Enumerable.Repeat("<<if true>>\n", 4095)) + "Deep.\n" + string.Concat(Enumerable.Repeat("<<endif>>\n", 4095));

        var result = CompileOnSmallStack(Story(body), 4096);

        Assert.True(!result.HasErrors || result.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error) == 1, string.Join("\n", result.Diagnostics.Take(3)));
    }

    [Fact]
    public void CallChainDeeperThanTheLimit_IsOneError()
    {
        var expr = string.Concat(Enumerable.Repeat("max(1, ", 200)) + "1" + string.Concat(Enumerable.Repeat(")", 200));

        var result = StoryCompiler.Compile("deep.yarn", Story("<<declare $x = 0>>\n<<set $x to " + expr + ">>"));

        var error = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticCodes.NestingTooDeep, error.Code);
        Assert.Contains("limit of 128", error.Message, StringComparison.Ordinal);
    }
}

public class ErrorFloodTests
{
    [Fact]
    public void AFileWithHundredsOfErrors_ShowsAHundredAndCountsTheRest()
    {
        var body = string.Concat(Enumerable.Range(0, 250).Select(i => $"<<set $x{i} to>>\n"));

        var result = StoryCompiler.Compile("flood.yarn", "title: Start\n---\n" + body + "===\n");

        var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.Equal(101, errors.Count);
        var summary = Assert.Single(errors, d => d.Code == DiagnosticCodes.TooManyErrors);
        Assert.Matches(@"^\d+ more errors in this file are not shown", summary.Message);
    }

    [Fact]
    public void AFileWithNulCharacters_GetsOneDiagnostic()
    {
        var bytes = new byte[4096];
        new Random(5).NextBytes(bytes);
        bytes[10] = 0;
        var text = System.Text.Encoding.Latin1.GetString(bytes);

        var result = StoryCompiler.Compile("image.png", text);

        var error = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticCodes.NotText, error.Code);
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
    }

    [Fact]
    public void AFileDecodedFromInvalidUtf8_WarnsOnce_AndStillCompiles()
    {
        var text = System.Text.Encoding.UTF8.GetString([.. "title: Start\n---\nCaf"u8, 0xE9, .. " au lait.\n===\n"u8]);

        var result = StoryCompiler.Compile("latin1.yarn", text);

        Assert.False(result.HasErrors);
        var warning = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticCodes.NotText, warning.Code);
        Assert.Equal(3, warning.Range.StartLine);
    }
}
