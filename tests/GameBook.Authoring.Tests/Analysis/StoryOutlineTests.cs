using GameBook.Compilation;
using GameBook.Outline;
using GameBook.Values;

namespace GameBook.Authoring.Tests.Analysis;

/// <summary>Core's public outline, as the analysis reads it: structure, ranges, folded conditions, variable references.</summary>
public class StoryOutlineTests
{
    private const string Text = """
        title: Start
        section: 7
        tags: intro ending
        ---
        <<declare $gold = 2 as Number>>
        Hello {$gold}. #line:hello
        -> Pay <<if $gold > 1>>
            <<set $gold to $gold - 1>>
            <<jump Start>>
        -> Never <<if false>>
        <<if $gold == 0>>
            <<detour {"Start"}>>
        <<else>>
            <<stop>>
        <<endif>>
        <<wave {$gold}>>
        ===
        """;

    private static StoryOutline Outline(string text, bool include = true) =>
        StoryCompiler.Compile("o.yarn", text, new CompileOptions { IncludeOutline = include }).Story!.Outline!;

    [Fact]
    public void WithoutIncludeOutline_StoryHasNone()
    {
        Assert.Null(StoryCompiler.Compile("o.yarn", Text).Story!.Outline);
    }

    [Fact]
    public void Node_HasHeadersSectionTagsAndRanges()
    {
        var node = Assert.Single(Outline(Text).Nodes);

        Assert.Equal("Start", node.Title);
        Assert.Equal("Start", node.UniqueName);
        Assert.Equal("o.yarn", node.File);
        Assert.Equal(new SourceRange(1, 8, 1, 13), node.TitleRange);
        Assert.Equal(7, node.Section);
        Assert.Equal(["intro", "ending"], node.Tags.ToArray());
        Assert.True(node.IsEnding);
        Assert.False(node.IsGroupMember);
        Assert.Equal("intro ending", node.Header("tags"));
        Assert.Equal(new SourceRange(3, 7, 3, 19), node.Headers.Single(h => h.Key == "tags").ValueRange);
    }

    [Fact]
    public void Body_IsATreeOfFlowElementsInSourceOrder()
    {
        var body = Assert.Single(Outline(Text).Nodes).Body;

        Assert.Collection(body,
            e => Assert.Equal("$gold", Assert.IsType<OutlineDeclaration>(e).Variable),
            e =>
            {
                var line = Assert.IsType<OutlineLine>(e);
                Assert.Equal("line:hello", line.LineId);
                Assert.Equal(new SourceRange(6, 1, 6, 27), line.Range);
            },
            e =>
            {
                var options = Assert.IsType<OutlineOptions>(e).Options;
                Assert.Equal(2, options.Length);
                Assert.Equal(ConditionValue.Unknown, options[0].Condition!.Value);
                Assert.IsType<OutlineSet>(options[0].Body[0]);
                Assert.Equal("Start", Assert.IsType<OutlineJump>(options[0].Body[1]).Target);
                Assert.Equal(ConditionValue.AlwaysFalse, options[1].Condition!.Value);
                Assert.Equal(new SourceRange(10, 15, 10, 20), options[1].Condition!.Range);
                Assert.Empty(options[1].Body);
            },
            e =>
            {
                var clauses = Assert.IsType<OutlineIf>(e).Clauses;
                var detour = Assert.IsType<OutlineJump>(Assert.Single(clauses[0].Body));
                Assert.True(detour.IsDetour);
                Assert.False(detour.IsDynamic);
                Assert.Equal("Start", detour.Target);
                Assert.Null(clauses[1].Condition);
                Assert.IsType<OutlineStop>(Assert.Single(clauses[1].Body));
            },
            e => Assert.Equal("wave", Assert.IsType<OutlineCommand>(e).Name));
    }

    [Fact]
    public void Variables_AndTheirReadsAndWrites_AreListed()
    {
        var outline = Outline(Text);

        var gold = Assert.Single(outline.Variables);
        Assert.Equal("$gold", gold.Name);
        Assert.Equal(StoryType.Number, gold.Type);
        Assert.True(gold.IsDeclared);
        Assert.Equal("Start", gold.Node);
        Assert.Equal(new SourceRange(5, 11, 5, 16), gold.Range);
        var refs = outline.Nodes[0].VariableReferences;
        Assert.Equal(
            ["Read $gold", "Read $gold", "Read $gold", "Write $gold", "Read $gold", "Read $gold"],
            refs.Select(r => r.ToString()).ToArray());
        Assert.True(refs[2].FeedsOwnAssignment);
        Assert.False(refs[1].FeedsOwnAssignment);
        Assert.Equal(["Start"], outline.StringConstants.ToArray());
        Assert.False(outline.HasComputedStrings);
    }

    [Fact]
    public void NodeGroupMembers_AreSeparateNodesWithFoldedWhenConditions()
    {
        var outline = Outline("""
            title: Start
            ---
            <<jump Guard>>
            ===
            title: Guard
            when: always
            ---
            A.
            ===
            title: Guard
            subtitle: night
            when: 1 > 2
            ---
            B.
            ===
            """);

        Assert.Equal("Start", outline.Nodes[0].UniqueName);
        Assert.Matches("^Guard#[0-9a-f]{8}$", outline.Nodes[1].UniqueName); // an unsubtitled member is named by its content
        Assert.Equal("Guard.night", outline.Nodes[2].UniqueName);
        Assert.True(outline.Nodes[1].IsGroupMember);
        Assert.Equal(ConditionValue.AlwaysTrue, Assert.Single(outline.Nodes[1].When).Value);
        Assert.Equal(ConditionValue.AlwaysFalse, Assert.Single(outline.Nodes[2].When).Value);
    }

    [Theory]
    [InlineData("$b or not $b", ConditionValue.AlwaysTrue)]
    [InlineData("$b and not $b", ConditionValue.AlwaysFalse)]
    [InlineData("$n >= 3 or $n < 3", ConditionValue.Unknown)] // NaN fails both comparisons
    [InlineData("$n > 3 or $n <= 3 or $n != $n", ConditionValue.Unknown)]
    [InlineData("dice(4) <= 4", ConditionValue.AlwaysTrue)]
    [InlineData("dice(4) >= 2", ConditionValue.Unknown)]
    [InlineData("$s == \"a\" or $s != \"a\"", ConditionValue.AlwaysTrue)]
    [InlineData("has(\"lamp\") or true", ConditionValue.AlwaysTrue)]
    public void Conditions_FoldOverEveryValueTheTypesAllow(string condition, ConditionValue expected)
    {
        var outline = Outline($$"""
            title: Start
            ---
            <<declare $b = false>>
            <<declare $n = 0>>
            <<declare $s = "">>
            <<if {{condition}}>>
                <<stop>>
            <<endif>>
            ===
            """);

        Assert.Equal(expected, Assert.IsType<OutlineIf>(outline.Nodes[0].Body[3]).Clauses[0].Condition!.Value);
    }

    [Theory]
    [InlineData(11, ConditionValue.AlwaysFalse)] // 2^12 = 4,096 combinations: enumerated
    [InlineData(12, ConditionValue.Unknown)] // 2^13: beyond the bound, so not judged
    public void Conditions_WithTooManyCombinations_AreNotJudged(int extra, ConditionValue expected)
    {
        var names = Enumerable.Range(0, extra).Select(i => $"$v{i}").ToList();
        var declarations = string.Concat(names.Select(n => $"<<declare {n} = false>>\n"));
        var condition = "$a and not $a" + string.Concat(names.Select(n => $" and {n}"));
        var outline = Outline($"title: Start\n---\n<<declare $a = false>>\n{declarations}<<if {condition}>>\n<<stop>>\n<<endif>>\n===\n");

        var @if = Assert.IsType<OutlineIf>(outline.Nodes[0].Body[^1]);
        Assert.Equal(expected, @if.Clauses[0].Condition!.Value);
    }
}
