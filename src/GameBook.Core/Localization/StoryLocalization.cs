using System.Collections.Immutable;
using System.Text;
using GameBook.Runtime;
using GameBook.Text;

namespace GameBook.Localization;

/// <summary>
/// A story's lines and options in one locale, ready for sessions: every translation is parsed once here, so a
/// session renders a translated line exactly as fast as a base line (substitutions, markup and
/// <c>[select]</c>/<c>[plural]</c>/<c>[ordinal]</c> are applied to the translation; a constant translated line
/// allocates nothing). Lines the table lacks, leaves empty or cannot be used fall back to the base text.
/// Give it to sessions with <see cref="SessionOptions.Localization"/> or <see cref="StorySession.Localization"/>.
/// Immutable and thread-safe: build one per story and locale and share it between all sessions.
/// </summary>
public sealed class StoryLocalization
{
    private StoryLocalization(Story story, string locale, LineView[] lineViews, IPluralRules pluralRules, IPluralRules guardedRules,
        int translated, ImmutableArray<string> untranslated, ImmutableArray<LocalizationProblem> problems)
    {
        Story = story;
        Locale = locale;
        LineViews = lineViews;
        PluralRules = pluralRules;
        GuardedPluralRules = guardedRules;
        TranslatedLineCount = translated;
        UntranslatedLineIds = untranslated;
        Problems = problems;
    }

    /// <summary>The story these lines belong to; sessions of other stories refuse it.</summary>
    public Story Story { get; }

    /// <summary>The locale (from the string table).</summary>
    public string Locale { get; }

    /// <summary>The plural rules <c>[plural]</c> and <c>[ordinal]</c> use in this locale.</summary>
    public IPluralRules PluralRules { get; }

    /// <summary>How many of the story's lines and options show a translation.</summary>
    public int TranslatedLineCount { get; }

    /// <summary>The IDs of the lines and options that show their base text (no entry, an empty one, or one in <see cref="Problems"/>), in compiled order.</summary>
    public ImmutableArray<string> UntranslatedLineIds { get; }

    /// <summary>Translations that could not be used (bad markup, a <c>{N}</c> the base line does not have); those lines show their base text.</summary>
    public ImmutableArray<LocalizationProblem> Problems { get; }

    /// <summary>Per compiled line: what the VM delivers (the base view when untranslated).</summary>
    internal LineView[] LineViews { get; }

    /// <summary><see cref="PluralRules"/> as the VM calls them (host rules wrapped so a failure becomes an error step).</summary>
    internal IPluralRules GuardedPluralRules { get; }

    /// <summary>Prepares <paramref name="table"/>'s translations of <paramref name="story"/>'s lines.</summary>
    /// <param name="story">The compiled story.</param>
    /// <param name="table">The translations; entries for IDs the story does not have are ignored.</param>
    /// <param name="pluralRules">Plural rules for the locale; null takes the CLDR rules of <see cref="StringTable.Locale"/> (<see cref="Text.PluralRules.ForLocale"/>).</param>
    /// <returns>The localization; problems with single translations are in <see cref="Problems"/>, never thrown.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="story"/> or <paramref name="table"/> is null.</exception>
    public static StoryLocalization Create(Story story, StringTable table, IPluralRules? pluralRules = null)
    {
        ArgumentNullException.ThrowIfNull(story);
        ArgumentNullException.ThrowIfNull(table);
        var lines = story.Program.Lines;
        var views = new LineView[lines.Length];
        var untranslated = ImmutableArray.CreateBuilder<string>();
        var problems = ImmutableArray.CreateBuilder<LocalizationProblem>();
        var templates = new Dictionary<(string Raw, int Substitutions), (LineTemplate Template, ImmutableArray<TemplateError> Errors)>();
        var raw = new StringBuilder();
        var translated = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (!table.TryGetEntry(line.Id, out var entry) || string.IsNullOrWhiteSpace(entry.Text))
            {
                views[i] = story.LineViews[i];
                untranslated.Add(line.Id);
                continue;
            }

            var text = ComposeRawText(raw, entry.Character ?? line.Template.CharacterName, entry.Text);
            var key = (text, line.SubstitutionCount);
            if (!templates.TryGetValue(key, out var parsed))
            {
                parsed.Template = LineTemplate.Parse(text, line.SubstitutionCount, out parsed.Errors);
                templates.Add(key, parsed);
            }

            if (!parsed.Errors.IsEmpty)
            {
                var error = parsed.Errors[0];
                problems.Add(new LocalizationProblem(line.Id, $"The translation cannot be used: {error.Message} (at character {error.Offset + 1} of \"{text}\"). The base text is shown until it is fixed."));
                views[i] = story.LineViews[i];
                untranslated.Add(line.Id);
                continue;
            }

            views[i] = new LineView(line, parsed.Template);
            translated++;
        }

        var rules = pluralRules ?? Text.PluralRules.ForLocale(table.Locale);
        var guarded = Text.PluralRules.IsBuiltIn(rules) ? rules : new SessionOptions.PluralRulesGuard(rules);
        return new StoryLocalization(story, table.Locale, views, rules, guarded, translated, untranslated.ToImmutable(), problems.ToImmutable());
    }

    /// <summary>"Name: text" in line syntax, the name escaped so its characters stay literal.</summary>
    private static string ComposeRawText(StringBuilder raw, string? character, string text)
    {
        text = text.TrimStart();
        if (string.IsNullOrWhiteSpace(character))
        {
            return text;
        }

        raw.Clear();
        foreach (var c in character.Trim())
        {
            if (c is '\\' or ':' or '[' or ']' or '{' or '}')
            {
                raw.Append('\\');
            }

            raw.Append(c);
        }

        return raw.Append(": ").Append(text).ToString();
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Locale}: {TranslatedLineCount} of {Story.Program.Lines.Length} lines translated";
}

/// <summary>A translation that could not be used. An immutable value.</summary>
/// <param name="LineId">The line ID.</param>
/// <param name="Message">What is wrong and what to change.</param>
public readonly record struct LocalizationProblem(string LineId, string Message);
