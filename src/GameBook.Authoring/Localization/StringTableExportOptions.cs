using GameBook.Compilation;

namespace GameBook.Authoring.Localization;

/// <summary>How <see cref="StringTableExporter"/> exports. Immutable once built (init-only); may be shared.</summary>
public sealed class StringTableExportOptions
{
    /// <summary>The locale the story is written in, written to the <c>language</c> column; default <c>en</c>.</summary>
    public string BaseLocale { get; init; } = "en";

    /// <summary>The compiler's library and limits (register the host functions the story calls); null uses the defaults.</summary>
    public CompileOptions? CompileOptions { get; init; }
}
