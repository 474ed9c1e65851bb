using System.Collections.Immutable;
using System.Globalization;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;
using GameBook.Compilation;

namespace GameBook.Authoring.Localization;

/// <summary>
/// Adds a <c>#line:</c> ID to every line, option and line-group item that lacks one, so string tables and
/// voice-over files keep their keys when lines move. New IDs are eight hex digits derived from the file, node,
/// text and occurrence (so the same input always gets the same IDs), unique across every file given and every ID
/// already in them. Existing IDs are never changed, a second run adds nothing, and apart from the inserted
/// <c> #line:…</c> (placed after the text and any condition or hashtags, before a trailing comment) every byte of
/// the file is kept: line ends, indentation, comments, byte order mark. Shadow lines (<c>#shadow:</c>) reuse their
/// original's ID and are skipped. The scan does not compile, so stories calling host functions work.
/// Thread-safe: runs share no state (but two runs on the same files race like any two writers).
/// </summary>
public static class LineTagger
{
    /// <summary>Tags sources in memory: the result's <see cref="LineTagFile.NewText"/> holds each changed text.</summary>
    /// <param name="sources">The project's files; IDs are unique across all of them.</param>
    /// <param name="options">Check mode; null tags.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>The tags added per file and any problems.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="sources"/> is null.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static LineTagResult Tag(IReadOnlyList<StorySource> sources, LineTagOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var texts = new string?[sources.Count];
        for (var i = 0; i < texts.Length; i++)
        {
            texts[i] = sources[i].Text;
        }

        return Run([.. sources.Select(s => s.Path)], texts, [], options ?? new LineTagOptions(), write: null, cancellationToken);
    }

    /// <summary>
    /// Tags files in place (or, with <see cref="LineTagOptions.CheckOnly"/>, only reports). Each changed file is
    /// written to a temporary file beside it and then moved over it, so a failure leaves the original intact. A file
    /// that cannot be read or is not valid UTF-8 (or UTF-16 with a byte order mark) is reported and left alone.
    /// </summary>
    /// <param name="paths">The project's <c>.yarn</c> files; IDs are unique across all of them.</param>
    /// <param name="options">Check mode; null tags.</param>
    /// <param name="cancellationToken">Stops the run before any file is written.</param>
    /// <returns>The tags added per file and any problems.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="paths"/> is null.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static LineTagResult TagFiles(IReadOnlyList<string> paths, LineTagOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var texts = new string?[paths.Count];
        var encodings = new Encoding[paths.Count];
        var problems = new List<Diagnostic>();
        for (var i = 0; i < paths.Count; i++)
        {
            if (SourceFileIO.TryRead(paths[i], out var text, out var encoding, out var problem))
            {
                texts[i] = text;
                encodings[i] = encoding;
            }
            else
            {
                problems.Add(problem!);
            }
        }

        return Run([.. paths], texts, problems, options ?? new LineTagOptions(), (i, text) => SourceFileIO.ReplaceAtomically(paths[i], text, encodings[i]), cancellationToken);
    }

    private static LineTagResult Run(string[] paths, string?[] texts, List<Diagnostic> diagnostics, LineTagOptions options, Func<int, string, Diagnostic?>? write, CancellationToken cancellationToken)
    {
        // Pass 1: every existing ID in the project, so new ones never collide with one in another file.
        var scans = new List<ScannedLine>?[texts.Length];
        var used = new Dictionary<string, (string Path, int Line)>(StringComparer.Ordinal);
        var tagged = 0;
        for (var f = 0; f < texts.Length; f++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (texts[f] is not { } text)
            {
                continue;
            }

            var scan = YarnLineScanner.Scan(text);
            scans[f] = scan;
            foreach (var line in scan)
            {
                if (line.LineId is not { } id)
                {
                    continue;
                }

                tagged++;
                if (!used.TryAdd(id, (paths[f], line.LineNumber)))
                {
                    var first = used[id];
                    diagnostics.Add(new Diagnostic(LocalizationCodes.DuplicateLineId, DiagnosticSeverity.Warning, paths[f], new SourceRange(line.LineNumber, 1, line.LineNumber, 1),
                        $"The line ID '#line:{id}' is also used at {first.Path}({first.Line}): IDs must be unique, and the tagger never changes an existing one, so give one of them a new ID by hand (or delete its tag and run the tagger again)."));
                }
            }
        }

        // Pass 2: new IDs, in file order, then the edited texts.
        var files = ImmutableArray.CreateBuilder<LineTagFile>(texts.Length);
        var pending = new List<(int File, string Text)>();
        var hasher = new XxHash3();
        for (var f = 0; f < texts.Length; f++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (scans[f] is not { } scan)
            {
                files.Add(new LineTagFile(paths[f], [], null, false));
                continue;
            }

            var text = texts[f]!;
            var stem = Path.GetFileNameWithoutExtension(paths[f]);
            var tags = ImmutableArray.CreateBuilder<AddedLineTag>();
            var inserts = new List<(int At, string Id)>();
            var occurrences = new Dictionary<(int Node, ulong Text), int>();
            var lineStarts = YarnLineScanner.SplitLines(text);
            foreach (var line in scan)
            {
                if (line.LineId is not null || line.IsShadow)
                {
                    continue;
                }

                var column = line.ContentEnd - lineStarts[line.LineNumber - 1].Start + 1;
                if (line.IsMalformed)
                {
                    diagnostics.Add(new Diagnostic(LocalizationCodes.MalformedLine, DiagnosticSeverity.Warning, paths[f], new SourceRange(line.LineNumber, 1, line.LineNumber, column),
                        "This line has an inline expression '{' or condition '<<' that is not closed on the line, or ends in a lone backslash, so no ID was added: fix the line, then run the tagger again."));
                    continue;
                }

                var content = text.AsSpan(line.ContentStart, line.ContentEnd - line.ContentStart);
                var key = (line.NodeOrdinal, XxHash3.HashToUInt64(MemoryMarshal.AsBytes(content)));
                var occurrence = occurrences.GetValueOrDefault(key);
                occurrences[key] = occurrence + 1;
                var id = NewId(hasher, stem, line.Node, content, occurrence, used);
                used.Add(id, (paths[f], line.LineNumber));
                tags.Add(new AddedLineTag(line.LineNumber, column, "line:" + id));
                inserts.Add((line.ContentEnd, id));
                if (options.CheckOnly)
                {
                    diagnostics.Add(new Diagnostic(LocalizationCodes.UntaggedLine, DiagnosticSeverity.Error, paths[f], new SourceRange(line.LineNumber, column, line.LineNumber, column),
                        $"This {Describe(line.Kind)} has no '#line:' ID, so its translations and recordings would lose their key when lines move: run the line tagger (LineTagger.TagFiles) to add one."));
                }
            }

            string? newText = null;
            if (!options.CheckOnly && inserts.Count > 0)
            {
                newText = Insert(text, inserts);
                pending.Add((f, newText));
            }

            files.Add(new LineTagFile(paths[f], tags.ToImmutable(), newText, false));
        }

        // Writes come last, after every file was scanned and cancellation can no longer leave some files tagged.
        if (write is not null)
        {
            foreach (var (f, newText) in pending)
            {
                var problem = write(f, newText);
                if (problem is null)
                {
                    files[f] = new LineTagFile(files[f].Path, files[f].Tags, newText, true);
                }
                else
                {
                    diagnostics.Add(problem);
                }
            }
        }

        return new LineTagResult(files.ToImmutable(), [.. diagnostics], tagged);
    }

    private static string Describe(ScannedLineKind kind) => kind switch
    {
        ScannedLineKind.Option => "option",
        ScannedLineKind.LineGroupItem => "line-group item",
        _ => "line",
    };

    private static string Insert(string text, List<(int At, string Id)> inserts)
    {
        var builder = new StringBuilder(text.Length + (inserts.Count * 15));
        var from = 0;
        foreach (var (at, id) in inserts)
        {
            builder.Append(text, from, at - from).Append(" #line:").Append(id);
            from = at;
        }

        return builder.Append(text, from, text.Length - from).ToString();
    }

    // Eight hex digits of XxHash3 over file stem, node, text and occurrence (their UTF-16 code units, so no string is
    // built per line); a collision rehashes with a salt.
    private static string NewId(XxHash3 hasher, string stem, string node, ReadOnlySpan<char> content, int occurrence, Dictionary<string, (string, int)> used)
    {
        ReadOnlySpan<char> separator = "\n";
        Span<int> counters = stackalloc int[2];
        for (var salt = 0; ; salt++)
        {
            hasher.Reset();
            hasher.Append(MemoryMarshal.AsBytes(stem.AsSpan()));
            hasher.Append(MemoryMarshal.AsBytes(separator));
            hasher.Append(MemoryMarshal.AsBytes(node.AsSpan()));
            hasher.Append(MemoryMarshal.AsBytes(separator));
            hasher.Append(MemoryMarshal.AsBytes(content));
            hasher.Append(MemoryMarshal.AsBytes(separator));
            counters[0] = occurrence;
            counters[1] = salt;
            hasher.Append(MemoryMarshal.AsBytes(counters));
            var id = ((uint)(hasher.GetCurrentHashAsUInt64() >> 32)).ToString("x8", CultureInfo.InvariantCulture);
            if (!used.ContainsKey(id))
            {
                return id;
            }
        }
    }
}
