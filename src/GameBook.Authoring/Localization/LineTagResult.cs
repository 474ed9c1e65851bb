using System.Collections.Immutable;
using GameBook.Compilation;

namespace GameBook.Authoring.Localization;

/// <summary>A <c>#line:</c> tag the tagger added (or, in check mode, would add). An immutable value.</summary>
/// <param name="Line">The 1-based source line.</param>
/// <param name="Column">The 1-based column where the tag (with its leading space) goes.</param>
/// <param name="Id">The new ID, with its <c>line:</c> prefix.</param>
public readonly record struct AddedLineTag(int Line, int Column, string Id);

/// <summary>What the tagger did to one file. Immutable and thread-safe.</summary>
public sealed class LineTagFile
{
    internal LineTagFile(string path, ImmutableArray<AddedLineTag> tags, string? newText, bool written)
    {
        Path = path;
        Tags = tags;
        NewText = newText;
        Written = written;
    }

    /// <summary>The file's path (or <see cref="StorySource.Path"/>).</summary>
    public string Path { get; }

    /// <summary>The tags added (check mode: that would be added), in file order.</summary>
    public ImmutableArray<AddedLineTag> Tags { get; }

    /// <summary>The tagged text, when tags were added and not in check mode; otherwise null (the file is unchanged).</summary>
    public string? NewText { get; }

    /// <summary>True when the file on disk was replaced (the file-based call, not in check mode).</summary>
    public bool Written { get; }
}

/// <summary>What a <see cref="LineTagger"/> run found and did. Immutable and thread-safe.</summary>
public sealed class LineTagResult
{
    internal LineTagResult(ImmutableArray<LineTagFile> files, ImmutableArray<Diagnostic> diagnostics, int taggedLines)
    {
        Files = files;
        Diagnostics = diagnostics;
        TaggedLineCount = taggedLines;
    }

    /// <summary>One entry per input, in input order.</summary>
    public ImmutableArray<LineTagFile> Files { get; }

    /// <summary>Problems: unreadable files, duplicate IDs, malformed lines, and in check mode every untagged line.</summary>
    public ImmutableArray<Diagnostic> Diagnostics { get; }

    /// <summary>How many lines already had an ID.</summary>
    public int TaggedLineCount { get; }

    /// <summary>How many lines got (check mode: lack) an ID.</summary>
    public int AddedCount => Files.Sum(f => f.Tags.Length);

    /// <summary>True when any diagnostic is an error (in check mode: some line is untagged).</summary>
    public bool HasErrors => Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
}
