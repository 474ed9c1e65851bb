using GameBook.Compilation;
using GameBook.Localization;
using GameBook.Runtime;
using GameBook.Text;

namespace GameBook.Core.Tests.Localization;

/// <summary>A session renders lines and options in a locale: translations with substitutions, markup and plural forms, base text as fallback.</summary>
public class StoryLocalizationTests
{
    private const string Source = """
        title: Start
        ---
        <<declare $gold = 5>>
        Narrator: You carry {$gold} gold. #line:gold
        Narrator: The [b]gate[/b] is shut. #line:gate
        You have [plural value={$gold} one="% coin" other="% coins"]. #line:coins
        This line is not translated. #line:untranslated
        -> Pay {$gold} gold #line:pay
            Narrator: Paid. #line:paid
        -> Leave #line:leave
        ===
        """;

    private static Story Compile()
    {
        var result = StoryCompiler.Compile("loc.yarn", Source);
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        return result.Story!;
    }

    private static StringTable Polish() => StringTable.Create("pl",
    [
        new("line:gold", "Masz {0} sztuk złota.", "Narrator"),
        new("line:gate", "[b]Brama[/b] jest zamknięta.", "Narrator"),
        new("line:coins", "Masz [plural value={0} one=\"% monetę\" few=\"% monety\" many=\"% monet\" other=\"% monety\"]."),
        new("line:pay", "Zapłać {0} sztuk złota"),
        new("line:leave", "Odejdź"),
        new("line:paid", "Zapłacono.", "Narrator"),
    ]);

    [Fact]
    public void Session_WithLocalization_RendersTranslatedLinesWithSubstitutionsMarkupAndPolishPlurals()
    {
        var story = Compile();
        var localization = StoryLocalization.Create(story, Polish());
        var session = story.CreateSession(new SessionOptions { Localization = localization });

        var gold = session.Next().Line;
        Assert.Equal("Narrator: Masz 5 sztuk złota.", gold.Text);
        Assert.Equal("Narrator", gold.CharacterName);
        Assert.Equal("line:gold", gold.Id);

        var gate = session.Next().Line;
        Assert.Equal("Narrator: Brama jest zamknięta.", gate.Text);
        var bold = Assert.Single(gate.Attributes, a => a.Name == "b");
        Assert.Equal("Brama", gate.Text.Substring(bold.Position, bold.Length));

        // Polish: 5 is "many" (CLDR), where English would say "other".
        Assert.Equal("Masz 5 monet.", session.Next().Line.Text);
        Assert.Equal("This line is not translated.", session.Next().Line.Text);

        var options = session.Next().Options;
        Assert.Equal(["Zapłać 5 sztuk złota", "Odejdź"], options.Select(o => o.Text));
        session.Choose(0);
        Assert.Equal("Narrator: Zapłacono.", session.Next().Line.Text);
    }

    [Theory]
    [InlineData(1, "Masz 1 monetę.")]
    [InlineData(3, "Masz 3 monety.")]
    [InlineData(22, "Masz 22 monety.")]
    [InlineData(12, "Masz 12 monet.")]
    [InlineData(25, "Masz 25 monet.")]
    public void PluralMarkup_InPolishTranslation_ChoosesTheCldrForm(double gold, string expected)
    {
        var story = Compile();
        var session = story.CreateSession(new SessionOptions { Localization = StoryLocalization.Create(story, Polish()) });
        session.SetVariable("$gold", Values.StoryValue.FromNumber(gold));
        session.Next();
        session.Next();

        Assert.Equal(expected, session.Next().Line.Text);
    }

    [Fact]
    public void Create_ReportsUntranslatedLinesAndInvalidTranslations_WhichFallBackToTheBaseText()
    {
        var story = Compile();
        var table = StringTable.Create("fr",
        [
            new("line:gold", "Vous avez {3} pièces."),
            new("line:gate", "La [b]porte est fermée."),
            new("line:leave", "Partir"),
            new("line:unknown", "Personne ne me lit."),
            new("line:paid", "   "),
        ]);

        var localization = StoryLocalization.Create(story, table);

        Assert.Equal(1, localization.TranslatedLineCount);
        Assert.Equal(2, localization.Problems.Length);
        Assert.Contains(localization.Problems, p => p.LineId == "line:gold" && p.Message.Contains("{N}", StringComparison.Ordinal));
        Assert.Contains(localization.Problems, p => p.LineId == "line:gate" && p.Message.Contains("never closed", StringComparison.Ordinal));
        Assert.Contains("line:paid", localization.UntranslatedLineIds);
        Assert.Contains("line:gold", localization.UntranslatedLineIds);

        var session = story.CreateSession(new SessionOptions { Localization = localization });
        Assert.Equal("Narrator: You carry 5 gold.", session.Next().Line.Text);
        Assert.Equal("Narrator: The gate is shut.", session.Next().Line.Text);
    }

    [Fact]
    public void Character_TranslatedInTheTable_ReplacesTheSpeaker_AndNullKeepsTheBaseSpeaker()
    {
        var story = Compile();
        var table = StringTable.Create("it",
        [
            new("line:gold", "Hai {0} monete d'oro.", "Narratore"),
            new("line:gate", "Il cancello è chiuso.", null),
            new("line:coins", "Hai: {0}.", string.Empty),
        ]);
        var session = story.CreateSession(new SessionOptions { Localization = StoryLocalization.Create(story, table) });

        var first = session.Next().Line;
        Assert.Equal("Narratore: Hai 5 monete d'oro.", first.Text);
        Assert.Equal("Narratore", first.CharacterName);
        Assert.Equal("Hai 5 monete d'oro.", first.TextWithoutCharacterName);
        Assert.Equal("Narrator: Il cancello è chiuso.", session.Next().Line.Text);

        // An empty speaker means none: "Hai:" is then read as a speaker prefix, as in the base language.
        Assert.Equal("Hai: 5.", session.Next().Line.Text);
    }

    [Fact]
    public void Localization_SwitchedDuringASession_AppliesFromTheNextLine_AndNullReturnsToTheBase()
    {
        var story = Compile();
        var session = story.CreateSession();
        Assert.Equal("Narrator: You carry 5 gold.", session.Next().Line.Text);

        session.Localization = StoryLocalization.Create(story, Polish());
        Assert.Equal("Narrator: Brama jest zamknięta.", session.Next().Line.Text);

        session.Localization = null;
        Assert.Equal("You have 5 coins.", session.Next().Line.Text);
    }

    [Fact]
    public void Localization_OfAnotherStory_IsRefused()
    {
        var story = Compile();
        var other = Compile();
        var localization = StoryLocalization.Create(other, Polish());

        Assert.Throws<ArgumentException>(() => story.CreateSession(new SessionOptions { Localization = localization }));
        var session = story.CreateSession();
        Assert.Throws<ArgumentException>(() => session.Localization = localization);
    }

    [Fact]
    public void RestoredAndClonedSessions_KeepRenderingInTheGivenLocale()
    {
        var story = Compile();
        var localization = StoryLocalization.Create(story, Polish());
        var session = story.CreateSession(new SessionOptions { Localization = localization, Seed = 1 });
        session.Next();
        var snapshot = session.Save();

        var restored = story.Restore(snapshot, new SessionOptions { Localization = localization }).Session!;
        Assert.Equal("Narrator: Brama jest zamknięta.", restored.Next().Line.Text);

        var clone = session.Clone();
        Assert.Same(localization, clone.Localization);
        Assert.Equal("Narrator: Brama jest zamknięta.", clone.Next().Line.Text);
    }

    [Fact]
    public void HostPluralRules_ThatThrow_FailTheStepInsteadOfEscapingNext()
    {
        var story = Compile();
        var localization = StoryLocalization.Create(story, Polish(), new ThrowingRules());
        var session = story.CreateSession(new SessionOptions { Localization = localization });
        session.Next();
        session.Next();

        var step = session.Next();

        Assert.Equal(StepKind.Error, step.Kind);
        Assert.Equal(StoryErrorKind.HostFunctionFailed, step.Error!.Kind);
    }

    [Fact]
    public void Create_WithoutPluralRules_UsesTheTablesLocale()
    {
        var story = Compile();

        Assert.Same(PluralRules.ForLocale("pl"), StoryLocalization.Create(story, Polish()).PluralRules);
    }

    [Fact]
    public void StringTable_Create_RejectsDuplicateIdsAndEmptyLocales()
    {
        Assert.Throws<ArgumentException>(() => StringTable.Create("fr", [new("line:a", "x"), new("line:a", "y")]));
        Assert.Throws<ArgumentException>(() => StringTable.Create(" ", [new("line:a", "x")]));
        Assert.True(StringTable.Create("fr", [new("line:a", "x")]).TryGetEntry("line:a", out var entry));
        Assert.Equal("x", entry.Text);
    }

    [Theory]
    [InlineData("ar", "[plural value={0} zero=\"لا كتب\" one=\"كتاب\" two=\"كتابان\" few=\"% كتب\" many=\"% كتابًا\" other=\"% كتاب\"]", 0, "لا كتب")]
    [InlineData("ar", "[plural value={0} zero=\"لا كتب\" one=\"كتاب\" two=\"كتابان\" few=\"% كتب\" many=\"% كتابًا\" other=\"% كتاب\"]", 2, "كتابان")]
    [InlineData("ar", "[plural value={0} zero=\"لا كتب\" one=\"كتاب\" two=\"كتابان\" few=\"% كتب\" many=\"% كتابًا\" other=\"% كتاب\"]", 7, "7 كتب")]
    [InlineData("ar", "[plural value={0} zero=\"لا كتب\" one=\"كتاب\" two=\"كتابان\" few=\"% كتب\" many=\"% كتابًا\" other=\"% كتاب\"]", 11, "11 كتابًا")]
    [InlineData("ar", "[plural value={0} zero=\"لا كتب\" one=\"كتاب\" two=\"كتابان\" few=\"% كتب\" many=\"% كتابًا\" other=\"% كتاب\"]", 100, "100 كتاب")]
    [InlineData("ru", "[plural value={0} one=\"% книга\" few=\"% книги\" many=\"% книг\" other=\"% книги\"]", 21, "21 книга")]
    [InlineData("ru", "[plural value={0} one=\"% книга\" few=\"% книги\" many=\"% книг\" other=\"% книги\"]", 24, "24 книги")]
    [InlineData("ru", "[plural value={0} one=\"% книга\" few=\"% книги\" many=\"% книг\" other=\"% книги\"]", 11, "11 книг")]
    [InlineData("fr", "[plural value={0} one=\"% livre\" many=\"% de livres\" other=\"% livres\"]", 0, "0 livre")]
    [InlineData("fr", "[plural value={0} one=\"% livre\" many=\"% de livres\" other=\"% livres\"]", 2, "2 livres")]
    [InlineData("fr", "[ordinal value={0} one=\"%er\" other=\"%e\"]", 1, "1er")]
    [InlineData("fr", "[ordinal value={0} one=\"%er\" other=\"%e\"]", 3, "3e")]
    [InlineData("it", "[ordinal value={0} many=\"l'%°\" other=\"il %°\"]", 8, "l'8°")]
    [InlineData("it", "[ordinal value={0} many=\"l'%°\" other=\"il %°\"]", 5, "il 5°")]
    [InlineData("en", "[ordinal value={0} one=\"%st\" two=\"%nd\" few=\"%rd\" other=\"%th\"]", 112, "112th")]
    public void PluralAndOrdinalMarkup_InATranslation_UseTheLocalesCldrRules(string locale, string translation, double n, string expected)
    {
        var result = StoryCompiler.Compile("n.yarn", "title: Start\n---\n<<declare $n = 0>>\nCount {$n}. #line:n\n===\n");
        var story = result.Story!;
        var session = story.CreateSession(new SessionOptions { Localization = StoryLocalization.Create(story, StringTable.Create(locale, [new("line:n", translation)])) });
        session.SetVariable("$n", Values.StoryValue.FromNumber(n));

        Assert.Equal(expected, session.Next().Line.Text);
    }

    private sealed class ThrowingRules : IPluralRules
    {
        public PluralCategory GetCardinalCategory(double value) => throw new InvalidOperationException("broken rules");

        public PluralCategory GetOrdinalCategory(double value) => throw new InvalidOperationException("broken rules");
    }
}
