using GameBook.Text;
using GameBook.Values;

namespace GameBook.Core.Tests.Text;

public class LineTemplateTests
{
    private static string Compose(string raw, params StoryValue[] values) =>
        Compose(raw, out _, values);

    private static string Compose(string raw, out IReadOnlyList<MarkupAttribute> attributes, params StoryValue[] values)
    {
        var template = LineTemplate.Parse(raw, values.Length, out var errors);
        Assert.Empty(errors);
        return template.Compose(values, PluralRules.English, out attributes);
    }

    [Theory]
    [InlineData(@"Here's a line with an escaped hashtag \#hashtag", "Here's a line with an escaped hashtag #hashtag")]
    [InlineData(@"Here's a line with an escaped expression \{0\}", "Here's a line with an escaped expression {0}")]
    [InlineData(@"Here's a line with an escaped command \<\<foo\>\>", "Here's a line with an escaped command <<foo>>")]
    [InlineData(@"Here's a line with an escaped comment \/\/ wow", "Here's a line with an escaped comment // wow")]
    [InlineData(@"Here's a line with an escaped backslash \\", @"Here's a line with an escaped backslash \")]
    [InlineData(@"Here's some TMP-style styling with a color code: <color=\#fff>wow</color>", "Here's some TMP-style styling with a color code: <color=#fff>wow</color>")]
    [InlineData(@"Here's a url: http:\/\/github.com\/YarnSpinnerTool", "Here's a url: http://github.com/YarnSpinnerTool")]
    [InlineData("Here's some markup: [a]hello[/a]", "Here's some markup: hello")]
    [InlineData(@"Here's some escaped markup: \[a\]hello\[/a\]", "Here's some escaped markup: [a]hello[/a]")]
    [InlineData(@"\[a]escaped markup\[/a]", "[a]escaped markup[/a]")]
    [InlineData(@"Character\: Here is a line without a character", "Character: Here is a line without a character")]
    [InlineData("Mae: <shake=.01>HA HA HA HA HA NO I'M FINE.</shake>", "Mae: <shake=.01>HA HA HA HA HA NO I'M FINE.</shake>")]
    [InlineData(@"Mae: ¯\\_(ツ)_/¯", @"Mae: ¯\_(ツ)_/¯")]
    [InlineData(@"Mae: \\o/", @"Mae: \o/")]
    [InlineData("Mae: D:", "Mae: D:")]
    [InlineData("[nomarkup][b]bold[/b] {0}[/nomarkup]!", "[b]bold[/b] {0}!")]
    public void Compose_ConformanceEscapes_MatchExpectedText(string raw, string expected)
    {
        // The nomarkup case has a literal "{0}" only because it is escaped nowhere: give it a value.
        var values = raw.Contains("{0}[/nomarkup]", StringComparison.Ordinal) ? [StoryValue.FromString("{0}")] : Array.Empty<StoryValue>();
        Assert.Equal(expected, Compose(raw, values));
    }

    [Fact]
    public void Compose_CharacterPrefix_KeptInTextAndExposedAsAttribute()
    {
        var template = LineTemplate.Parse("Mae: Hello [b]there[/b]", 0, out _);
        var text = template.Compose([], PluralRules.English, out var attributes);

        Assert.Equal("Mae: Hello there", text);
        Assert.Equal("Mae", template.CharacterName);
        var character = Assert.Single(attributes, a => a.Name == "character");
        Assert.Equal(0, character.Position);
        Assert.Equal(5, character.Length);
        Assert.Equal("Mae", character.Properties["name"]);
        var bold = Assert.Single(attributes, a => a.Name == "b");
        Assert.Equal(11, bold.Position);
        Assert.Equal(5, bold.Length);
    }

    [Fact]
    public void Parse_EscapedColon_IsNotACharacterPrefix()
    {
        var template = LineTemplate.Parse(@"Character\: Here", 0, out _);
        Assert.Null(template.CharacterName);
    }

    [Fact]
    public void Compose_SubstitutionsAreInsertedAsPlainText()
    {
        var text = Compose("Say {0} and {1}", StoryValue.FromString("[b]x[/b] {0}"), StoryValue.FromString("\\n"));
        Assert.Equal("Say [b]x[/b] {0} and \\n", text);
    }

    [Theory]
    [InlineData(1.0, "1")]
    [InlineData(1.5, "1.5")]
    [InlineData(-0.25, "-0.25")]
    [InlineData(0.1 + 0.2, "0.30000000000000004")]
    [InlineData(1e21, "1E+21")]
    public void Compose_Numbers_UseInvariantShortestRoundTrip(double value, string expected) =>
        Assert.Equal($"n={expected}", Compose("n={0}", StoryValue.FromNumber(value)));

    [Fact]
    public void Compose_Bools_AreTrueFalse() =>
        Assert.Equal("True False", Compose("{0} {1}", StoryValue.True, StoryValue.False));

    [Theory]
    [InlineData("male", "Select: male")]
    [InlineData("female", "Select: female")]
    [InlineData("robot", "Select: other")]
    public void Compose_Select_ChoosesCaseByValue(string gender, string expected) =>
        Assert.Equal(expected, Compose("Select: [select value={0} male=\"male\" female=\"female\" other=\"other\"/]", StoryValue.FromString(gender)));

    [Fact]
    public void Compose_Select_ReplacesPercentAndResolvesEscapes() =>
        Assert.Equal("other: other", Compose("[select value={0} male=\"male\\: %\" female=\"female\\: %\" other=\"other\\: %\"/]", StoryValue.FromString("other")));

    [Theory]
    [InlineData(1, "one")]
    [InlineData(2, "other")]
    [InlineData(3, "other")]
    [InlineData(1.5, "other")]
    [InlineData(0, "other")]
    public void Compose_Plural_UsesEnglishCardinalRules(double n, string expected) =>
        Assert.Equal($"Plural: {expected}", Compose("Plural: [plural value={0} one=\"one\" two=\"two\" few=\"few\" many=\"many\" other=\"other\"/]", StoryValue.FromNumber(n)));

    [Theory]
    [InlineData(1, "1st")]
    [InlineData(2, "2nd")]
    [InlineData(3, "3rd")]
    [InlineData(4, "4th")]
    [InlineData(11, "11th")]
    [InlineData(12, "12th")]
    [InlineData(13, "13th")]
    [InlineData(21, "21st")]
    [InlineData(22, "22nd")]
    [InlineData(103, "103rd")]
    [InlineData(111, "111th")]
    public void Compose_Ordinal_UsesEnglishOrdinalRules(double n, string expected) =>
        Assert.Equal($"Mae: Wow, I came {expected}!", Compose("Mae: Wow, I came [ordinal value={0} one=\"%st\" two=\"%nd\" few=\"%rd\" other=\"%th\"/]!", StoryValue.FromNumber(n)));

    [Fact]
    public void Compose_PluggedPluralRules_AreUsed()
    {
        var template = LineTemplate.Parse("[plural value={0} one=\"one\" few=\"few\" other=\"other\"/]", 1, out _);
        Assert.Equal("few", template.Compose([StoryValue.FromNumber(3)], new EverythingIsFew(), out _));
    }

    [Fact]
    public void Compose_ConstantTemplate_ReturnsCachedTextWithoutAllocating()
    {
        var template = LineTemplate.Parse("Narrator: A line with [b]markup[/b].", 0, out _);
        var first = template.Compose([], PluralRules.English, out var attrs1);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var second = template.Compose([], PluralRules.English, out var attrs2);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Same(first, second);
        Assert.Same(attrs1, attrs2);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Compose_AttributeAfterSubstitution_GetsPositionFromComposedText()
    {
        var text = Compose("{0} is [wave]great[/wave]", out var attributes, StoryValue.FromString("Yarn"));
        Assert.Equal("Yarn is great", text);
        var wave = Assert.Single(attributes);
        Assert.Equal(8, wave.Position);
        Assert.Equal(5, wave.Length);
    }

    [Fact]
    public void Compose_PropertyFromSubstitution_IsExposed()
    {
        Compose("[mood value={0}]hi[/mood]", out var attributes, StoryValue.FromString("happy"));
        Assert.Equal("happy", Assert.Single(attributes).Properties["value"]);
    }

    [Fact]
    public void Compose_SelfClosingTagBetweenWords_ConsumesOneSpace()
    {
        Assert.Equal("A B", Compose("A [pause/] B", out var attributes));
        Assert.Equal("pause", Assert.Single(attributes).Name);
    }

    [Fact]
    public void Compose_CloseAll_ClosesEveryOpenTag() =>
        Assert.Equal("ab c", Compose("[x][y]ab[/] c"));

    [Theory]
    [InlineData("Unclosed [b tag")]
    [InlineData("Stray closer [/b]")]
    [InlineData("Bad placeholder {x}")]
    [InlineData("Placeholder out of range {3}")]
    [InlineData("[select other=\"x\"/]")]
    public void Parse_MalformedMarkup_ReportsErrorsWithoutThrowing(string raw)
    {
        var template = LineTemplate.Parse(raw, 1, out var errors);
        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.InRange(e.Offset, 0, raw.Length));
        Assert.NotNull(template.Compose([StoryValue.FromNumber(1)], PluralRules.English, out _));
    }

    private sealed class EverythingIsFew : IPluralRules
    {
        public PluralCategory GetCardinalCategory(double value) => PluralCategory.Few;

        public PluralCategory GetOrdinalCategory(double value) => PluralCategory.Few;
    }
}
