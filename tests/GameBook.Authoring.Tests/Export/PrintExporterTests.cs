using GameBook.Authoring.Export.Print;
using GameBook.Compilation;

namespace GameBook.Authoring.Tests.Export;

public sealed class PrintExporterTests
{
    [Fact]
    public void ExportMarkdown_TowerStory_MatchesApproved()
    {
        var result = PrintExporter.ExportMarkdown(ExportFixtures.Compile(ExportFixtures.Tower), new PrintOptions { Title = "The Tower", Author = "A. Writer" });
        Assert.True(result.Success);
        ExportFixtures.Approve(result.Text!, "tower.en.md");
    }

    [Fact]
    public void ExportMarkdown_Italian_MatchesApproved()
    {
        var result = PrintExporter.ExportMarkdown(ExportFixtures.Compile(ExportFixtures.Tower), new PrintOptions { Title = "La torre", Phrases = PrintPhrases.Italian });
        ExportFixtures.Approve(result.Text!, "tower.it.md");
    }

    [Fact]
    public void ExportHtml_TowerStory_MatchesApproved()
    {
        var result = PrintExporter.ExportHtml(ExportFixtures.Compile(ExportFixtures.Tower), new PrintOptions { Title = "The Tower", PageSize = PrintPageSize.Letter, PageBreakBetweenSections = true });
        ExportFixtures.Approve(result.Text!, "tower.html");
    }

    [Fact]
    public void ExportHtml_A5WithoutPageBreaks_HasA5PageRuleAndNoBreaks()
    {
        var html = PrintExporter.ExportHtml(ExportFixtures.Compile(ExportFixtures.Tower)).Text!;
        Assert.Contains("@page { size: A5;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("section + section { break-before: page; }", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<link", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
    }

    [Fact]
    public void ExportMarkdown_PhrasesConditionsAndEffectsForAReader()
    {
        var result = PrintExporter.ExportMarkdown(ExportFixtures.Compile(ExportFixtures.Tower));
        var n = result.Sections;
        string S(string node) => $"[{n.NumberOf(node)}](#s{n.NumberOf(node)})";
        var md = result.Text!;
        Assert.Contains($"If you have the lantern, turn to {S("Stair")}; otherwise turn to {S("Dark")}.", md, StringComparison.Ordinal);
        Assert.Contains($"roll two dice: 7 or more, turn to {S("Top")}; otherwise turn to {S("Dark")}", md, StringComparison.Ordinal);
        Assert.Contains($"- *Pay the troll* (if your gold is at least 3): subtract 3 from your gold and turn to {S("Top")}.", md, StringComparison.Ordinal);
        Assert.Contains($"- *Climb the ivy* (if you have the codeword brave): turn to {S("Ivy")}.", md, StringComparison.Ordinal);
        Assert.Contains("add the lantern to your inventory and add 2 to your gold", md, StringComparison.Ordinal);
        Assert.Contains($"turn to {S("Combat")}, then come back to {S("Stair")}", md, StringComparison.Ordinal);
        Assert.Contains("Note the codeword brave.", md, StringComparison.Ordinal);
        Assert.Contains("Return to the section you came from.", md, StringComparison.Ordinal);
        Assert.Contains("You carry (your gold) gold.", md, StringComparison.Ordinal);
        Assert.Contains("and drop the lantern", md, StringComparison.Ordinal); // markup removed
        Assert.Contains("**The End**", md, StringComparison.Ordinal);
    }

    [Fact]
    public void ExportMarkdown_Italian_UsesItalianInstructions()
    {
        var result = PrintExporter.ExportMarkdown(ExportFixtures.Compile(ExportFixtures.Tower), new PrintOptions { Phrases = PrintPhrases.For(System.Globalization.CultureInfo.GetCultureInfo("it-IT")) });
        var md = result.Text!;
        Assert.Contains("Se possiedi «lantern», vai al", md, StringComparison.Ordinal);
        Assert.Contains("tira due dadi: 7 o più, vai al", md, StringComparison.Ordinal);
        Assert.Contains("**Fine**", md, StringComparison.Ordinal);
    }

    [Fact]
    public void ExportMarkdown_CustomPhrases_ArePluggable()
    {
        var md = PrintExporter.ExportMarkdown(ExportFixtures.Compile(ExportFixtures.Tower), new PrintOptions { Phrases = new ShoutingPhrases() }).Text!;
        Assert.Contains("GO TO [", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Numbering_StartIsOneHeadersArePinnedAndEveryNodeHasAUniqueNumber()
    {
        var result = PrintExporter.ExportMarkdown(ExportFixtures.Compile(ExportFixtures.Tower), new PrintOptions { Shuffle = true, Seed = 42 });
        var n = result.Sections;
        Assert.Equal(1, n.NumberOf("Start"));
        Assert.Equal(7, n.NumberOf("Ivy"));
        Assert.Equal(8, n.Count);
        Assert.Equal(Enumerable.Range(1, 8), n.Entries.Select(e => e.Key));
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Shuffle_IsReproducibleBySeedAndDiffersBetweenSeeds()
    {
        var story = ExportFixtures.Compile(Chain(60));
        string Map(ulong seed) => PrintExporter.ExportMarkdown(story, new PrintOptions { Shuffle = true, Seed = seed }).Sections.ToMapText();
        Assert.Equal(Map(3), Map(3));
        Assert.NotEqual(Map(3), Map(4));
        var plain = PrintExporter.ExportMarkdown(story).Sections;
        Assert.Equal(Enumerable.Range(1, 60), Enumerable.Range(0, 60).Select(i => plain.NumberOf(i == 0 ? "Start" : $"N{i}")!.Value));
    }

    [Fact]
    public void PreviousNumbers_AfterAnEdit_KeepEveryNumberAlreadyAssigned()
    {
        var first = PrintExporter.ExportMarkdown(ExportFixtures.Compile(Chain(30)), new PrintOptions { Shuffle = true, Seed = 1 });
        var map = SectionNumbers.Parse(first.Sections.ToMapText(), out var problems);
        Assert.Empty(problems);

        // Edit: drop N29 (the tail), add two new nodes; the other 29 keep their numbers.
        var edited = Chain(30)
            .Replace("<<jump N29>>", "<<jump Extra1>>", StringComparison.Ordinal)
            .Replace("title: N29\ntags: ending\n---\nEnd.\n===\n", "title: Extra1\n---\n-> Next\n    <<jump Extra2>>\n===\ntitle: Extra2\ntags: ending\n---\nEnd.\n===\n", StringComparison.Ordinal);
        var second = PrintExporter.ExportMarkdown(ExportFixtures.Compile(edited), new PrintOptions { Shuffle = true, Seed = 99, PreviousNumbers = map });
        foreach (var (number, node) in first.Sections.Entries)
        {
            if (node != "N29")
            {
                Assert.Equal(number, second.Sections.NumberOf(node));
            }
        }

        Assert.NotNull(second.Sections.NumberOf("Extra1"));
        Assert.NotNull(second.Sections.NumberOf("Extra2"));
    }

    [Fact]
    public void KeepTargetsApart_NoSectionHasATargetOnTheNextOrPreviousNumber()
    {
        var story = ExportFixtures.Compile(Chain(80));
        var options = new PrintOptions { KeepTargetsApart = true };
        var result = PrintExporter.ExportMarkdown(story, options);
        Assert.Empty(result.Warnings);
        for (var i = 0; i < 79; i++)
        {
            var a = result.Sections.NumberOf(i == 0 ? "Start" : $"N{i}")!.Value;
            var b = result.Sections.NumberOf($"N{i + 1}")!.Value;
            Assert.NotEqual(1, Math.Abs(a - b));
        }

        Assert.Equal(1, result.Sections.NumberOf("Start"));
    }

    [Fact]
    public void KeepTargetsApart_WhenPinnedNumbersForceIt_Warns()
    {
        var story = ExportFixtures.Compile("title: Start\n---\n-> Go\n    <<jump Next>>\n===\ntitle: Next\nsection: 2\ntags: ending\n---\nEnd.\n===\n");
        var result = PrintExporter.ExportMarkdown(story, new PrintOptions { KeepTargetsApart = true });
        Assert.Contains(result.Warnings, w => w.Contains("1/2", StringComparison.Ordinal));
    }

    [Fact]
    public void SectionNumbers_Parse_SkipsMalformedLinesAndSaysWhy()
    {
        var map = SectionNumbers.Parse("# comment\n1\tStart\nnot a line\n0\tZero\n2\tStart\n1\tOther\n3\t\n4\tFour\r\n", out var problems);
        Assert.Equal(2, map.Count);
        Assert.Equal(1, map.NumberOf("Start"));
        Assert.Equal(4, map.NumberOf("Four"));
        Assert.Equal("Four", map.NodeAt(4));
        Assert.Equal(5, problems.Length);
        Assert.StartsWith("line 3:", problems[0], StringComparison.Ordinal);
    }

    [Fact]
    public void SectionNumbers_MapText_RoundTrips()
    {
        var numbers = PrintExporter.ExportMarkdown(ExportFixtures.Compile(ExportFixtures.Tower), new PrintOptions { Shuffle = true, Seed = 5 }).Sections;
        var text = numbers.ToMapText();
        Assert.StartsWith(SectionNumbers.MapHeader + "\n1\tStart\n", text, StringComparison.Ordinal);
        Assert.Equal(text, SectionNumbers.Parse(text, out _).ToMapText());
    }

    [Fact]
    public void StartNodeNotSectionOne_Warns()
    {
        var story = ExportFixtures.Compile("title: Start\n---\n-> Go\n    <<jump Other>>\n===\ntitle: Other\nsection: 1\ntags: ending\n---\nEnd.\n===\n");
        var result = PrintExporter.ExportMarkdown(story);
        Assert.Contains(result.Warnings, w => w.Contains("not the start node", StringComparison.Ordinal));
        Assert.Equal(2, result.Sections.NumberOf("Start"));
    }

    [Fact]
    public void ExportMarkdown_HostileText_IsEscaped()
    {
        var story = ExportFixtures.Compile("title: Start\n---\n\\# not a heading * _x_ <script>\n- not a list\n12. not numbered\n===\n");
        var md = PrintExporter.ExportMarkdown(story).Text!;
        Assert.Contains("\\# not a heading \\* \\_x\\_ \\<script\\>", md, StringComparison.Ordinal);
        Assert.Contains("\\- not a list", md, StringComparison.Ordinal);
        Assert.Contains("12\\. not numbered", md, StringComparison.Ordinal);
        var html = PrintExporter.ExportHtml(story).Text!;
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void ExportMarkdown_WithoutOutline_ThrowsArgumentException()
    {
        var story = StoryCompiler.Compile("a.yarn", "title: Start\n---\nHi.\n===\n").Story!;
        Assert.Throws<ArgumentException>(() => PrintExporter.ExportMarkdown(story));
    }

    /// <summary>Start → N1 → ... → N(count-1), the last an ending.</summary>
    internal static string Chain(int count)
    {
        var sb = new System.Text.StringBuilder();
        for (var i = 0; i < count; i++)
        {
            sb.Append("title: ").Append(i == 0 ? "Start" : "N" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
            if (i == count - 1)
            {
                sb.Append("tags: ending\n---\nEnd.\n===\n");
            }
            else
            {
                sb.Append("---\n-> Next\n    <<jump N").Append(i + 1).Append(">>\n===\n");
            }
        }

        return sb.ToString();
    }

    private sealed class ShoutingPhrases : PrintPhrasesWrapper
    {
        public override string TurnTo(string section) => "GO TO " + section;
    }
}

/// <summary>A test helper: English phrases with members overridable one by one.</summary>
internal abstract class PrintPhrasesWrapper : PrintPhrases
{
    private static readonly PrintPhrases Inner = English;

    public override System.Globalization.CultureInfo Culture => Inner.Culture;

    public override string ReturnFromDetour => Inner.ReturnFromDetour;

    public override string ReadOn => Inner.ReadOn;

    public override string TheEnd => Inner.TheEnd;

    public override string OtherwiseHeading => Inner.OtherwiseHeading;

    public override string AndWord => Inner.AndWord;

    public override string OrWord => Inner.OrWord;

    public override string TurnTo(string section) => Inner.TurnTo(section);

    public override string Detour(string section, string returnTo) => Inner.Detour(section, returnTo);

    public override string DynamicTurnTo(string expression) => Inner.DynamicTurnTo(expression);

    public override string BeginAt(string section) => Inner.BeginAt(section);

    public override string IfCondition(string condition) => Inner.IfCondition(condition);

    public override string OtherwiseIf(string condition) => Inner.OtherwiseIf(condition);

    public override string Otherwise(string instruction) => Inner.Otherwise(instruction);

    public override string Has(string item) => Inner.Has(item);

    public override string HasNot(string item) => Inner.HasNot(item);

    public override string ItemCount(string item, GameBook.Outline.OutlineOperator comparison, string value) => Inner.ItemCount(item, comparison, value);

    public override string Codeword(string name) => Inner.Codeword(name);

    public override string NoCodeword(string name) => Inner.NoCodeword(name);

    public override string Compare(string name, GameBook.Outline.OutlineOperator comparison, string value) => Inner.Compare(name, comparison, value);

    public override string Visited(string section) => Inner.Visited(section);

    public override string NotVisited(string section) => Inner.NotVisited(section);

    public override string NotTrue(string condition) => Inner.NotTrue(condition);

    public override string Condition(string expression) => Inner.Condition(expression);

    public override string Roll(int dice, int sides, int modifier) => Inner.Roll(dice, sides, modifier);

    public override string OrMore(int total) => Inner.OrMore(total);

    public override string OrLess(int total) => Inner.OrLess(total);

    public override string Exactly(int total) => Inner.Exactly(total);

    public override string AnythingBut(int total) => Inner.AnythingBut(total);

    public override string Rolled(string roll, string range) => Inner.Rolled(roll, range);

    public override string Add(string name, string amount) => Inner.Add(name, amount);

    public override string Subtract(string name, string amount) => Inner.Subtract(name, amount);

    public override string SetValue(string name, string value) => Inner.SetValue(name, value);

    public override string GainCodeword(string name) => Inner.GainCodeword(name);

    public override string LoseCodeword(string name) => Inner.LoseCodeword(name);

    public override string Give(string item, string? count) => Inner.Give(item, count);

    public override string Take(string item, string? count) => Inner.Take(item, count);

    public override string Hole(string name) => Inner.Hole(name);
}

public sealed class PrintFormatMarkerTests
{
    private static string Paragraph(string line, PrintPhrases? phrases = null)
    {
        var story = ExportFixtures.Compile($$"""
            title: Start
            section: 1
            ---
            <<declare $gold = 0>>
            <<declare $title = "knight">>
            {{line}}
            ===
            """);
        var text = PrintExporter.ExportMarkdown(story, new PrintOptions { Phrases = phrases ?? PrintPhrases.English }).Text!;
        return text.Split('\n').Single(l => l.StartsWith("Ah,", StringComparison.Ordinal)).Trim();
    }

    [Theory]
    [InlineData("Ah, [plural value=1 one=\"a coin\" other=\"% coins\"/].", "Ah, a coin.")]
    [InlineData("Ah, [plural value=3 one=\"a coin\" other=\"% coins\"/].", "Ah, 3 coins.")]
    [InlineData("Ah, [plural value={3} one=\"a coin\" other=\"% coins\"/].", "Ah, 3 coins.")]
    [InlineData("Ah, the [ordinal value=2 one=\"%st\" two=\"%nd\" few=\"%rd\" other=\"%th\"/] door.", "Ah, the 2nd door.")]
    [InlineData("Ah, [select value=\"m\" m=\"he\" f=\"she\"/] waits.", "Ah, he waits.")]
    public void AValueKnownWhenPrinting_PicksItsCase(string line, string printed) => Assert.Equal(printed, Paragraph(line));

    [Fact]
    public void APluralOfAVariable_PrintsTheOtherCaseAroundItsHole() =>
        Assert.Equal("Ah, (your gold) coins.", Paragraph("Ah, [plural value={$gold} one=\"a coin\" other=\"% coins\"/]."));

    [Fact]
    public void ASelectOfAVariable_PrintsTheAlternatives() =>
        Assert.Equal("Ah, Sir / Dame.", Paragraph("Ah, [select value={$title} knight=\"Sir\" lady=\"Dame\"/]."));

    [Fact]
    public void OtherMarkup_IsStillStripped_AndAnUnfinishedMarkerDoesNotThrow()
    {
        Assert.Equal("Ah, locked.", Paragraph("Ah, [b]locked[/b]."));
        Assert.NotNull(Paragraph("Ah, [plural value=\"unclosed one=\"x\"/] tail"));
    }
}
