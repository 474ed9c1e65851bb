using GameBook.Compilation;

namespace GameBook.Core.Tests.Compilation;

/// <summary>Diagnostics an author trusts: suggestions for slips, no knock-on errors, no internal names.</summary>
public class AuthorDiagnosticsTests
{
    private static List<Diagnostic> Diagnose(string body) =>
        [.. StoryCompiler.Compile("author.yarn", "title: Start\n---\n" + body + "\n===\ntitle: Home\n---\nHome.\n===\n").Diagnostics];

    [Theory]
    [InlineData("<<jump Hom>>", DiagnosticCodes.UnknownNode, "There is no node titled 'Hom'. Did you mean 'Home'?")]
    [InlineData("<<declare $gold = 1>>\n{$gld}", DiagnosticCodes.CannotInferType, "There is no variable $gld. Did you mean $gold?")]
    [InlineData("{hass(\"lamp\")}", DiagnosticCodes.CannotInferType, "There is no function hass. Did you mean has?")]
    [InlineData("<<enum Food>>\n<<case Apple>>\n<<endenum>>\n<<declare $f = Food.Aple>>", DiagnosticCodes.UnknownEnumCase, "Enum Food has no case 'Aple'. Did you mean 'Apple'?")]
    [InlineData("<<enum Food>>\n<<case Apple>>\n<<endenum>>\n<<declare $f = Fod.Apple>>", DiagnosticCodes.UnknownEnumCase, "There is no enum named 'Fod'. Did you mean 'Food'?")]
    public void UnknownNames_SuggestTheClosestKnownOne(string body, string code, string message)
    {
        var diagnostic = Assert.Single(Diagnose(body), d => d.Code == code);
        Assert.Equal(message, diagnostic.Message);
    }

    [Fact]
    public void UnknownName_FarFromEveryKnownOne_GetsNoSuggestion()
    {
        var diagnostic = Assert.Single(Diagnose("<<jump Xylophone>>"));
        Assert.DoesNotContain("Did you mean", diagnostic.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<<jum Home>>", "<<jump Home>>")]
    [InlineData("<<declare $x = true>>\n<<if $x>>\nA\n<<elif $x>>\nB\n<<endif>>", "<<elseif $x>>")]
    [InlineData("<<declare $x = true>>\n<<if $x>>\nA\n<<end if>>", "<<endif>>")]
    public void CommandsOneSlipFromAKeyword_AreWarnings(string body, string suggestion)
    {
        var warning = Assert.Single(Diagnose(body), d => d.Code == DiagnosticCodes.LikelyMisspelledKeyword);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.EndsWith($"Did you mean '{suggestion}'?", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RegisteredCommands_AreNeverFlagged()
    {
        var library = new GameBook.Library.FunctionLibrary().AddCommand("jum", []);
        var result = StoryCompiler.Compile("author.yarn", "title: Start\n---\n<<jum>>\n===\n", new CompileOptions { Library = library });
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void ElseIf_InTwoWords_SaysHowToWriteIt()
    {
        var error = Assert.Single(Diagnose("<<declare $x = true>>\n<<if $x>>\nA\n<<else if $x>>\nB\n<<endif>>"));
        Assert.Equal("'<<else if ...>>' is written '<<elseif ...>>' (one word).", error.Message);
    }

    [Fact]
    public void UnclosedCommand_WithOneAngleBracket_IsOneError()
    {
        var error = Assert.Single(Diagnose("<<if true>\nA\n<<endif>>"));
        Assert.Equal(DiagnosticCodes.UnterminatedCommand, error.Code);
    }

    [Fact]
    public void MisplacedOperators_AreShownAsWritten_NotByInternalName()
    {
        var diagnostics = Diagnose("<<declare $x = 0>>\n<<set $x to = 1>>");

        Assert.Contains(diagnostics, d => d.Message.Contains("'=' here: did you mean '=='?", StringComparison.Ordinal));
        Assert.All(diagnostics, d => Assert.DoesNotContain("Assign", d.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void ANodeHeaderInsideABody_WarnsAboutTheMissingEnd()
    {
        var warning = Assert.Single(Diagnose("Hello.\ntitle: Cave\n---\nDark."));
        Assert.Equal(DiagnosticCodes.MissingNodeEnd, warning.Code);
        Assert.Equal(4, warning.Range.StartLine);
        Assert.Contains("is '===' missing before this line?", warning.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("jump", "jmup", 1)]
    [InlineData("Home", "home", 0)]
    public void Distance_CountsEditsAndSwaps(string a, string b, int expected) => Assert.Equal(expected, Suggestions.Distance(a, b));
}
