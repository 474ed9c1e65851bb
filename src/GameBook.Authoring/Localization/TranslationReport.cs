using System.Collections.Immutable;

namespace GameBook.Authoring.Localization;

/// <summary>What is wrong with one translated line.</summary>
public enum TranslationIssueKind
{
    /// <summary>The table has no entry for the line, or an empty one: the base text is shown.</summary>
    Missing,

    /// <summary>The base text changed since the translation was made (its hash differs from the table's <c>hash</c>).</summary>
    Stale,

    /// <summary>The translation cannot be used (bad markup, a <c>{N}</c> the line does not have): the base text is shown.</summary>
    Invalid,

    /// <summary>The translation leaves out a <c>{N}</c> substitution the base text shows (it is still used).</summary>
    MissingSubstitution,

    /// <summary>The table has an entry for an ID the story does not have (a deleted line, or an ID typed wrong).</summary>
    Unknown,
}

/// <summary>One finding of a <see cref="TranslationReport"/>. An immutable value.</summary>
/// <param name="Kind">What is wrong.</param>
/// <param name="Id">The line ID.</param>
/// <param name="File">The source file of the line (empty for <see cref="TranslationIssueKind.Unknown"/>).</param>
/// <param name="Line">The 1-based source line (0 for <see cref="TranslationIssueKind.Unknown"/>).</param>
/// <param name="Message">What to do about it.</param>
public readonly record struct TranslationIssue(TranslationIssueKind Kind, string Id, string File, int Line, string Message);

/// <summary>How complete and current one locale's translation is. Immutable and thread-safe.</summary>
public sealed class TranslationReport
{
    internal TranslationReport(string locale, int lineCount, int translatedCount, ImmutableArray<TranslationIssue> issues)
    {
        Locale = locale;
        LineCount = lineCount;
        TranslatedCount = translatedCount;
        Issues = issues;
    }

    /// <summary>The table's locale.</summary>
    public string Locale { get; }

    /// <summary>How many lines and options the story has.</summary>
    public int LineCount { get; }

    /// <summary>How many of them show a translation (stale ones included).</summary>
    public int TranslatedCount { get; }

    /// <summary>Every finding, in the base table's reading order (unknown IDs last).</summary>
    public ImmutableArray<TranslationIssue> Issues { get; }

    /// <summary>The findings of one kind.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>Those issues, in order.</returns>
    public ImmutableArray<TranslationIssue> Of(TranslationIssueKind kind) => [.. Issues.Where(i => i.Kind == kind)];

    /// <summary>The share of lines translated, 0 to 1 (1 for a story without lines).</summary>
    public double Coverage => LineCount == 0 ? 1 : (double)TranslatedCount / LineCount;

    /// <inheritdoc/>
    public override string ToString() =>
        $"{Locale}: {TranslatedCount}/{LineCount} translated, {Of(TranslationIssueKind.Missing).Length} missing, {Of(TranslationIssueKind.Stale).Length} stale, {Of(TranslationIssueKind.Invalid).Length} invalid";
}
