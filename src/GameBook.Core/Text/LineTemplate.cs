using System.Collections.Immutable;

namespace GameBook.Text;

// CONTRACT (owned by the runtime work): the compiler calls Parse at compile time; the session renders.
// Raw text format handed in by the compiler: the line's source text (character prefix included; hashtags,
// trailing condition and comment removed; surrounding whitespace trimmed), with every inline expression
// `{expr}` replaced by `{N}` (N = 0-based substitution index, in source order), and every backslash
// escape kept exactly as written in the source (`\{`, `\#`, `\[`, `\\`, `\:`, `\/`, `\<`, ...).
// An unescaped `{` therefore always starts a placeholder.

/// <summary>A parsed line text: literal runs, substitution placeholders and markup.</summary>
internal sealed class LineTemplate
{
    private LineTemplate(int substitutionCount) => SubstitutionCount = substitutionCount;

    /// <summary>How many substitution values the line consumes.</summary>
    public int SubstitutionCount { get; }

    /// <summary>Parses raw line text (see the format above); problems come back as <paramref name="errors"/>, never exceptions.</summary>
    public static LineTemplate Parse(string rawText, int substitutionCount, out ImmutableArray<TemplateError> errors)
    {
        ArgumentNullException.ThrowIfNull(rawText);
        errors = [];
        return new LineTemplate(substitutionCount);
    }
}

/// <summary>A problem in a line's text or markup, at <see cref="Offset"/> (0-based, in the raw text) for <see cref="Length"/> chars.</summary>
internal readonly record struct TemplateError(int Offset, int Length, string Message);
