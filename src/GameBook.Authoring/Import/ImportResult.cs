using System.Collections.Immutable;
using GameBook.Compilation;

namespace GameBook.Authoring.Import;

/// <summary>
/// What an importer produced: the Yarn source (null when the input could not be read at all) and every
/// diagnostic, positioned in the input file. Immutable and thread-safe.
/// </summary>
public sealed class ImportResult
{
    internal ImportResult(string? yarn, string yarnPath, ImmutableArray<Diagnostic> diagnostics)
    {
        Yarn = yarn;
        YarnPath = yarnPath;
        Diagnostics = diagnostics;
        HasErrors = yarn is null || diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
    }

    /// <summary>The converted story as Yarn source text, or null when the input could not be converted (see <see cref="Diagnostics"/>).</summary>
    public string? Yarn { get; }

    /// <summary>The file name the Yarn source is meant to have (the input's name with a <c>.yarn</c> extension, unless the options named one).</summary>
    public string YarnPath { get; }

    /// <summary>Every problem found, in input order; their <see cref="Diagnostic.File"/> is the input's path.</summary>
    public ImmutableArray<Diagnostic> Diagnostics { get; }

    /// <summary>True when there is no Yarn source or an error diagnostic.</summary>
    public bool HasErrors { get; }

    /// <summary>The Yarn source as a <see cref="StorySource"/> for <see cref="StoryCompiler"/>.</summary>
    /// <exception cref="InvalidOperationException">There is no Yarn source (<see cref="Yarn"/> is null).</exception>
    public StorySource ToStorySource() =>
        new(YarnPath, Yarn ?? throw new InvalidOperationException("The import produced no Yarn source: read Diagnostics for why."));

    /// <summary>
    /// Writes the Yarn source to <paramref name="path"/> (UTF-8, no byte order mark) through a temporary file in the
    /// same folder that then replaces the target, so a reader never sees a partly written file.
    /// </summary>
    /// <param name="path">The file to create or replace.</param>
    /// <exception cref="InvalidOperationException">There is no Yarn source.</exception>
    /// <exception cref="IOException">The file could not be written; the target is unchanged.</exception>
    public void WriteTo(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        AtomicFile.WriteAllText(path, Yarn ?? throw new InvalidOperationException("The import produced no Yarn source: read Diagnostics for why."));
    }
}
