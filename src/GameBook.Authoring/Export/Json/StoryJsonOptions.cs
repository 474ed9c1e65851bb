namespace GameBook.Authoring.Export.Json;

/// <summary>Settings for <see cref="StoryJsonExporter"/>. Not thread-safe while being changed; read only during an export.</summary>
public sealed class StoryJsonOptions
{
    /// <summary>Indents the JSON (two spaces, <c>\n</c> line ends) for reading and diffs. Default true; false writes it on one line.</summary>
    public bool Indented { get; set; } = true;

    /// <summary>Writes each statement's and expression's <c>range</c> (<c>[startLine, startColumn, endLine, endColumn]</c>, 1-based). Default true.</summary>
    public bool IncludeRanges { get; set; } = true;
}
