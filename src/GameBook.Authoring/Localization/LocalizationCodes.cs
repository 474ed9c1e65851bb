namespace GameBook.Authoring.Localization;

/// <summary>
/// The stable codes of the localization tools' diagnostics (<c>GB4xxx</c>, beside the compiler's <c>GB0xxx</c> and
/// analysis' <c>GB1xxx</c>). A code never changes meaning once published. Thread-safe (constants).
/// </summary>
public static class LocalizationCodes
{
    /// <summary>A line, option or line-group item has no <c>#line:</c> ID (check mode; tag mode adds one).</summary>
    public const string UntaggedLine = "GB4001";

    /// <summary>A <c>#line:</c> ID is used twice in the project; the tools never change existing IDs, so fix one by hand.</summary>
    public const string DuplicateLineId = "GB4002";

    /// <summary>A file could not be read, is not valid text in its encoding, or could not be written.</summary>
    public const string FileProblem = "GB4003";

    /// <summary>A line's inline expression or condition is not closed, so no tag is added to it (the compiler reports the error).</summary>
    public const string MalformedLine = "GB4004";

    /// <summary>A line has no <c>#line:</c> ID, so its string-table ID changes when its text or node changes (or an identical line is added above it).</summary>
    public const string UnstableLineId = "GB4005";
}
