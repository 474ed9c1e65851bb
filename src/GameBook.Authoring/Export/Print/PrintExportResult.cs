using System.Collections.Immutable;

namespace GameBook.Authoring.Export.Print;

/// <summary>
/// What a print export produced: the document (text for Markdown and HTML, bytes for PDF), the section numbers it
/// used (save <see cref="SectionNumbers.ToMapText"/> to keep them on the next run), warnings, or an error that
/// stopped it (no usable font for a PDF). Immutable and thread-safe.
/// </summary>
public sealed class PrintExportResult
{
    internal PrintExportResult(string? text, ReadOnlyMemory<byte> bytes, SectionNumbers sections, ImmutableArray<string> warnings, string? error)
    {
        Text = text;
        Bytes = bytes;
        Sections = sections;
        Warnings = warnings;
        Error = error;
    }

    /// <summary>True when the document was made (<see cref="Error"/> is null).</summary>
    public bool Success => Error is null;

    /// <summary>The Markdown or HTML document; null for a PDF or on error.</summary>
    public string? Text { get; }

    /// <summary>The PDF file; empty for Markdown and HTML or on error.</summary>
    public ReadOnlyMemory<byte> Bytes { get; }

    /// <summary>The section number of every node, as printed.</summary>
    public SectionNumbers Sections { get; }

    /// <summary>Things the author may want to fix: a start node that is not section 1, numbers that could not be kept, targets left next to their section.</summary>
    public ImmutableArray<string> Warnings { get; }

    /// <summary>Why no document was made (with what to do about it), or null.</summary>
    public string? Error { get; }
}
