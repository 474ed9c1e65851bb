using System.Buffers;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using GameBook.Diagnostics;
using GameBook.Runtime;
using GameBook.Syntax;

namespace GameBook.Compilation;

/// <summary>
/// Compiles Yarn story files (language version 3 plus the gamebook extensions) into a <see cref="Story"/>.
/// Never throws for bad input: problems come back as <see cref="CompilationResult.Diagnostics"/>.
/// Thread-safe: compilations share no state, so any number may run in parallel.
/// </summary>
#pragma warning disable RS0026 // Both overloads take optional options: the shared engine contract fixes these signatures.
public static class StoryCompiler
{
    /// <summary>Compiles one file.</summary>
    /// <param name="path">The file's path or name, used in diagnostics and generated line IDs.</param>
    /// <param name="text">The file's text.</param>
    /// <param name="options">Library and limits; null uses the defaults.</param>
    /// <returns>The story, or the errors that prevented it, plus any warnings.</returns>
    public static CompilationResult Compile(string path, string text, CompileOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(text);
        return Compile([new StorySource(path, text)], options);
    }

    /// <summary>Compiles several files together into one story (nodes, variables and line IDs are story-wide).</summary>
    /// <param name="sources">The files, in order; the order feeds the fingerprint.</param>
    /// <param name="options">Library and limits; null uses the defaults.</param>
    /// <returns>The story, or the errors that prevented it, plus any warnings.</returns>
    public static CompilationResult Compile(IEnumerable<StorySource> sources, CompileOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var list = sources.ToList();
        foreach (var s in list)
        {
            ArgumentNullException.ThrowIfNull(s, nameof(sources));
            ArgumentNullException.ThrowIfNull(s.Path, nameof(sources));
            ArgumentNullException.ThrowIfNull(s.Text, nameof(sources));
        }

        options ??= new CompileOptions();
        using var activity = CoreInstrumentation.ActivitySource.StartActivity(GameBookCoreTelemetry.CompileActivity);
        var start = Stopwatch.GetTimestamp();
        CompilationResult result;
        try
        {
            result = CompileCore(list, options);
        }
        catch (InsufficientExecutionStackException)
        {
            // The parser keeps nesting within the thread's stack; a later pass over an extreme tree may still run out.
            var file = list.Count > 0 ? list[0].Path : "";
            result = new CompilationResult(null, [new Diagnostic(DiagnosticCodes.NestingTooDeep, DiagnosticSeverity.Error, file, new SourceRange(1, 1, 1, 1),
                "The story nests expressions or blocks too deeply for the compiler on this thread: split deep expressions with variables and move deep blocks into their own nodes.")]);
        }
#pragma warning disable CA1031 // Last resort: a compiler bug must surface as a diagnostic, never as a crash of the host.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            var file = list.Count > 0 ? list[0].Path : "";
            result = new CompilationResult(null, [new Diagnostic(DiagnosticCodes.InternalError, DiagnosticSeverity.Error, file, new SourceRange(1, 1, 1, 1),
                $"The compiler failed internally ({ex.GetType().Name}: {ex.Message}). This is a bug in GameBook: please report it with the story that triggers it.")]);
        }

        var outcome = result.HasErrors ? "failure" : "success";
        CoreInstrumentation.For(options.MeterFactory).CompileDuration.Record(
            Stopwatch.GetElapsedTime(start).TotalSeconds, new KeyValuePair<string, object?>(GameBookCoreTelemetry.OutcomeTag, outcome));
        activity?.SetTag(GameBookCoreTelemetry.OutcomeTag, outcome);
        return result;
    }

    private static CompilationResult CompileCore(List<StorySource> sources, CompileOptions options)
    {
        var diagnostics = new DiagnosticBag();
        var names = new NameTable();
        var maxDepth = Math.Max(1, options.MaxNestingDepth);
        var files = new List<FileSyntax>(sources.Count);
        foreach (var s in sources)
        {
            var text = new SourceText(s.Path, s.Text);
            files.Add(IsText(text, diagnostics) ? new StoryParser(text, diagnostics, names, maxDepth).Parse() : new FileSyntax(text, []));
        }

        var nodes = NodeTable.Build(files, diagnostics);
        var lines = new LineRegistry(diagnostics);
        foreach (var entry in nodes.Entries)
        {
            foreach (var node in entry.Members)
            {
                lines.Reserve(node);
            }
        }

        foreach (var entry in nodes.Entries)
        {
            foreach (var node in entry.Members)
            {
                lines.Register(node, nodes.UniqueName(node), nodes.PositionalName(node) ?? nodes.UniqueName(node));
            }
        }

        lines.CheckShadows();
        var checker = new TypeChecker(diagnostics, options.Library, nodes.AllNames);
        checker.Run(files);
        CheckSections(nodes, diagnostics);

        var ordered = Sort(diagnostics.ToImmutable(), sources);
        if (diagnostics.HasErrors)
        {
            return new CompilationResult(null, ordered);
        }

        var program = new CodeGenerator(checker, nodes, lines, options).Generate(Fingerprint(sources));
        var outline = options.IncludeOutline ? Outline.OutlineBuilder.Build(files, nodes, lines, checker) : null;
        return new CompilationResult(new Story(program, outline), ordered);
    }

    /// <summary>
    /// One diagnostic for a file that is not text, instead of hundreds of parse errors: NUL characters (a binary
    /// file; not parsed) are an error, replacement characters (bytes that were not UTF-8 when the file was read) a warning.
    /// </summary>
    private static bool IsText(SourceText text, DiagnosticBag diagnostics)
    {
        var nul = text.Text.IndexOf('\0', StringComparison.Ordinal);
        if (nul >= 0)
        {
            diagnostics.Error(DiagnosticCodes.NotText, text, nul, nul + 1,
                "This file is not text (it contains NUL characters): a Yarn story is a UTF-8 text file.");
            return false;
        }

        var bad = text.Text.IndexOf('\uFFFD', StringComparison.Ordinal);
        if (bad >= 0)
        {
            diagnostics.Warning(DiagnosticCodes.NotText, text, bad, bad + 1,
                "This file has characters that were not valid UTF-8 when it was read (shown as \uFFFD): save it as UTF-8.");
        }

        return true;
    }

    /// <summary>Section numbers are what a printed gamebook's "turn to N" refers to: each must be a whole number, used once.</summary>
    private static void CheckSections(NodeTable nodes, DiagnosticBag diagnostics)
    {
        var first = new Dictionary<int, (NodeSyntax Node, HeaderSyntax Header)>();
        foreach (var entry in nodes.Entries)
        {
            foreach (var node in entry.Members)
            {
                var section = node.Header("section");
                if (section is null)
                {
                    continue;
                }

                var h = node.Headers.First(x => x.Key == "section");
                if (!int.TryParse(section, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var number))
                {
                    diagnostics.Warning(DiagnosticCodes.InvalidHeader, node.Source, h.Start, h.End,
                        $"'section: {section}' is not a whole number, so the node gets no printed section number: write a number such as 'section: 42'.");
                    continue;
                }

                // Members of one node group are variants of one passage and may share its number.
                if (first.TryGetValue(number, out var earlier) && earlier.Node.Title != node.Title)
                {
                    var where = earlier.Node.Source.Range(earlier.Header.Start, earlier.Header.End);
                    diagnostics.Error(DiagnosticCodes.DuplicateSection, node.Source, h.Start, h.End,
                        $"Section {number} is already the number of node '{earlier.Node.Title}' ({earlier.Node.Source.Path}({where.StartLine},{where.StartColumn})): give each node its own section number.");
                }
                else
                {
                    first.TryAdd(number, (node, h));
                }
            }
        }
    }

    private static ImmutableArray<Diagnostic> Sort(ImmutableArray<Diagnostic> diagnostics, List<StorySource> sources)
    {
        var fileOrder = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < sources.Count; i++)
        {
            fileOrder.TryAdd(sources[i].Path, i);
        }

        return [.. diagnostics
            .Select((d, i) => (d, i))
            .OrderBy(x => fileOrder.GetValueOrDefault(x.d.File))
            .ThenBy(x => x.d.Range.StartLine)
            .ThenBy(x => x.d.Range.StartColumn)
            .ThenBy(x => x.i)
            .Select(x => x.d)];
    }

    /// <summary>Hex SHA-256 over each source's path and text, in order, with separators so boundaries cannot blur.</summary>
    internal static string Fingerprint(IReadOnlyList<StorySource> sources)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> separator = [0];
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        foreach (var s in sources)
        {
            AppendUtf8(hash, s.Path, buffer);
            hash.AppendData(separator);
            AppendUtf8(hash, s.Text, buffer);
            hash.AppendData(separator);
        }

        ArrayPool<byte>.Shared.Return(buffer);

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Hashes text as UTF-8 in chunks, so a huge file is never copied whole.</summary>
    private static void AppendUtf8(IncrementalHash hash, string text, byte[] buffer)
    {
        var encoder = Encoding.UTF8.GetEncoder();
        var chars = text.AsSpan();
        const int chunk = 16 * 1024; // at most 3 bytes per char, so a chunk always fits the 64 KiB buffer
        while (true)
        {
            var take = Math.Min(chunk, chars.Length);
            var flush = take == chars.Length;
            encoder.Convert(chars[..take], buffer, flush, out var used, out var written, out _);
            hash.AppendData(buffer, 0, written);
            chars = chars[used..];
            if (flush && chars.IsEmpty)
            {
                break;
            }
        }
    }
}
#pragma warning restore RS0026
