using System.Collections.Immutable;
using GameBook.Compilation;

namespace GameBook.Authoring.Import;

/// <summary>
/// Settings for <see cref="GameBookStudioExporter"/>. Not thread-safe while being changed; share an instance only
/// once it is no longer modified.
/// </summary>
public sealed class GameBookStudioExportOptions
{
    /// <summary>
    /// When true, every paragraph's <c>incomingConnections</c> and <c>outgoingConnections</c> are computed from the
    /// exported actions. When false (the default) they are written as imported, so an unedited round trip is exact;
    /// paragraphs that were not imported (no <c>gbs.paragraph</c> header) get computed ones either way.
    /// </summary>
    public bool RecomputeConnections { get; set; }

    /// <summary>Write the JSON indented (two spaces), as the editor does. Default: true.</summary>
    public bool Indented { get; set; } = true;

    /// <summary>The clock for <c>lastEdited</c> when the story has no <c>gbs.book</c> header to take it from. Default: <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}

/// <summary>What <see cref="GameBookStudioExporter"/> produced: the project JSON (null when the story did not compile) and diagnostics. Immutable and thread-safe.</summary>
public sealed class GameBookStudioExportResult
{
    internal GameBookStudioExportResult(string? json, ImmutableArray<Diagnostic> diagnostics)
    {
        Json = json;
        Diagnostics = diagnostics;
        HasErrors = json is null || diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
    }

    /// <summary>The GameBook Studio project as JSON text, or null when there was nothing to export (see <see cref="Diagnostics"/>).</summary>
    public string? Json { get; }

    /// <summary>The compiler's diagnostics (when it was given sources) and what the export could not carry over, positioned in the Yarn files.</summary>
    public ImmutableArray<Diagnostic> Diagnostics { get; }

    /// <summary>True when there is no JSON or an error diagnostic.</summary>
    public bool HasErrors { get; }

    /// <summary>
    /// Writes the JSON to <paramref name="path"/> (UTF-8, no byte order mark) through a temporary file in the same
    /// folder that then replaces the target, so a reader never sees a partly written file.
    /// </summary>
    /// <param name="path">The file to create or replace.</param>
    /// <exception cref="InvalidOperationException">There is no JSON.</exception>
    /// <exception cref="IOException">The file could not be written; the target is unchanged.</exception>
    public void WriteTo(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        AtomicFile.WriteAllText(path, Json ?? throw new InvalidOperationException("The export produced no JSON: read Diagnostics for why."));
    }
}
