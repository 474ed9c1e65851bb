using System.Collections.Immutable;
using GameBook.Localization;

namespace GameBook.Authoring.Localization;

/// <summary>
/// Compares translated string tables with a project's current base table: which lines each locale is missing,
/// which translations are stale (the base text changed since, by its hash), which cannot be used, and which
/// entries no longer match a line. Thread-safe: calls share no state.
/// </summary>
public static class TranslationChecker
{
    /// <summary>Checks one translation.</summary>
    /// <param name="baseTable">The current export of the story (<see cref="StringTableExporter.Export"/>); it must have succeeded.</param>
    /// <param name="translation">A translated table, such as one read with <see cref="StringTableCsv"/>.</param>
    /// <returns>The locale's report.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="baseTable"/> did not succeed (the story did not compile).</exception>
    public static TranslationReport Check(StringTableExport baseTable, StringTable translation)
    {
        ArgumentNullException.ThrowIfNull(baseTable);
        ArgumentNullException.ThrowIfNull(translation);
        if (baseTable.Story is not { } story)
        {
            throw new ArgumentException("The base table has no story (it did not compile): fix its diagnostics and export again.", nameof(baseTable));
        }

        // Core decides which translations a session can use; the report says why the others are not used.
        var localization = StoryLocalization.Create(story, translation);
        var invalid = localization.Problems.ToDictionary(p => p.LineId, p => p.Message, StringComparer.Ordinal);
        var issues = ImmutableArray.CreateBuilder<TranslationIssue>();
        var known = new HashSet<string>(StringComparer.Ordinal);
        var translated = 0;
        foreach (var row in baseTable.Rows)
        {
            known.Add(row.Id);
            if (!translation.TryGetEntry(row.Id, out var entry) || string.IsNullOrWhiteSpace(entry.Text))
            {
                issues.Add(new TranslationIssue(TranslationIssueKind.Missing, row.Id, row.File, row.Line, $"No {translation.Locale} translation of \"{row.FullText}\": the base text is shown."));
                continue;
            }

            if (invalid.TryGetValue(row.Id, out var problem))
            {
                issues.Add(new TranslationIssue(TranslationIssueKind.Invalid, row.Id, row.File, row.Line, problem));
                continue;
            }

            translated++;
            if (entry.BaseHash is { } hash && !string.Equals(hash, row.Hash, StringComparison.OrdinalIgnoreCase))
            {
                issues.Add(new TranslationIssue(TranslationIssueKind.Stale, row.Id, row.File, row.Line,
                    $"The base text changed since this was translated (hash {hash}, now {row.Hash}): check the translation against \"{row.FullText}\", then set its hash to {row.Hash}."));
            }

            var baseHoles = Substitutions(row.Text);
            var translatedHoles = Substitutions(entry.Text);
            foreach (var hole in baseHoles)
            {
                if (!translatedHoles.Contains(hole))
                {
                    issues.Add(new TranslationIssue(TranslationIssueKind.MissingSubstitution, row.Id, row.File, row.Line,
                        $"The translation leaves out {{{hole}}}, which the base text shows (\"{row.FullText}\"): add it unless the language does not need it."));
                }
            }
        }

        foreach (var entry in translation.Entries)
        {
            if (!known.Contains(entry.Id))
            {
                issues.Add(new TranslationIssue(TranslationIssueKind.Unknown, entry.Id, string.Empty, 0,
                    $"The story has no line '{entry.Id}' (deleted, or the ID is mistyped): remove the row or fix the ID."));
            }
        }

        return new TranslationReport(translation.Locale, baseTable.Rows.Length, translated, issues.ToImmutable());
    }

    /// <summary>Checks several translations, one report per locale in the order given.</summary>
    /// <param name="baseTable">The current export of the story.</param>
    /// <param name="translations">The translated tables.</param>
    /// <returns>One report per table.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="baseTable"/> did not succeed.</exception>
    public static ImmutableArray<TranslationReport> CheckAll(StringTableExport baseTable, IEnumerable<StringTable> translations)
    {
        ArgumentNullException.ThrowIfNull(translations);
        return [.. translations.Select(t => Check(baseTable, t))];
    }

    // The N of every unescaped {N} in a text.
    private static HashSet<int> Substitutions(string text)
    {
        var result = new HashSet<int>();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
                continue;
            }

            if (text[i] != '{')
            {
                continue;
            }

            var j = i + 1;
            var n = 0;
            while (j < text.Length && char.IsAsciiDigit(text[j]) && j - i < 9)
            {
                n = (n * 10) + (text[j] - '0');
                j++;
            }

            if (j > i + 1 && j < text.Length && text[j] == '}')
            {
                result.Add(n);
            }
        }

        return result;
    }
}
