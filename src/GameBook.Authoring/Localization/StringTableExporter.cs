using System.Collections.Immutable;
using System.Text;
using GameBook.Compilation;
using GameBook.Runtime;

namespace GameBook.Authoring.Localization;

/// <summary>
/// Exports a project's base string table: compiles the sources (for the IDs sessions use) and lists every line and
/// option in reading order with its speaker, file, node, source line, a note for translators and the hash of its
/// text. Thread-safe: calls share no state.
/// </summary>
public static class StringTableExporter
{
    /// <summary>Exports the string table of a project.</summary>
    /// <param name="sources">The story's files, in order.</param>
    /// <param name="options">Base locale and compiler options; null uses the defaults.</param>
    /// <param name="cancellationToken">Stops the export.</param>
    /// <returns>The rows, or the compiler's errors when the story does not compile.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="sources"/> is null.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static StringTableExport Export(IReadOnlyList<StorySource> sources, StringTableExportOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sources);
        options ??= new StringTableExportOptions();
        var compiled = StoryCompiler.Compile(sources, options.CompileOptions);
        cancellationToken.ThrowIfCancellationRequested();
        if (compiled.Story is not { } story)
        {
            return new StringTableExport(null, options.BaseLocale, [], compiled.Diagnostics);
        }

        return Rows(story, sources, options.BaseLocale, compiled.Diagnostics, cancellationToken);
    }

    /// <summary>
    /// Exports the string table of a story compiled already (by a catalog, an editor, an earlier step of a build), so
    /// the compile is not paid twice. <paramref name="sources"/> must be the files <paramref name="story"/> was compiled
    /// from: their text supplies what the compiled story does not keep (comments, which IDs were written, the
    /// expressions behind <c>{N}</c>); a line of a file not among them is exported with a
    /// <see cref="LocalizationCodes.UnstableLineId"/> warning and no comment.
    /// </summary>
    /// <param name="story">The compiled story.</param>
    /// <param name="sources">The files it was compiled from, in order.</param>
    /// <param name="options">The base locale; its compiler options are not used. Null uses the defaults.</param>
    /// <param name="cancellationToken">Stops the export.</param>
    /// <returns>The rows (never compiler diagnostics: the story compiled).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="story"/> or <paramref name="sources"/> is null.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static StringTableExport ExportCompiled(Story story, IReadOnlyList<StorySource> sources, StringTableExportOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(story);
        ArgumentNullException.ThrowIfNull(sources);
        return Rows(story, sources, (options ?? new StringTableExportOptions()).BaseLocale, [], cancellationToken);
    }

    private static StringTableExport Rows(Story story, IReadOnlyList<StorySource> sources, string baseLocale, ImmutableArray<Diagnostic> compilerDiagnostics, CancellationToken cancellationToken)
    {
        // What the compiler does not keep (comments, whether an ID was written, the expressions behind {N}) comes
        // from a scan of the same text.
        var fileOrder = new Dictionary<string, int>(StringComparer.Ordinal);
        var scanned = new Dictionary<(string File, int Line), ScannedLine>();
        for (var f = 0; f < sources.Count; f++)
        {
            fileOrder.TryAdd(sources[f].Path, f);
            foreach (var line in YarnLineScanner.Scan(sources[f].Text))
            {
                scanned.TryAdd((sources[f].Path, line.LineNumber), line);
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        var diagnostics = ImmutableArray.CreateBuilder<Diagnostic>();
        diagnostics.AddRange(compilerDiagnostics);
        var ordered = story.Lines.OrderBy(l => fileOrder.GetValueOrDefault(l.File, int.MaxValue)).ThenBy(l => l.Line).ThenBy(l => l.Index);
        var rows = ImmutableArray.CreateBuilder<StringTableRow>(story.Lines.Count);
        var comment = new StringBuilder();
        foreach (var line in ordered)
        {
            scanned.TryGetValue((line.File, line.Line), out var scan);
            var hasTag = scan.LineId is not null && line.Id == "line:" + scan.LineId;
            if (!hasTag)
            {
                diagnostics.Add(new Diagnostic(LocalizationCodes.UnstableLineId, DiagnosticSeverity.Warning, line.File, new SourceRange(line.Line, 1, line.Line, 1),
                    $"This {(line.Kind == StoryLineKind.Option ? "option" : "line")} has no '#line:' ID, so its string-table ID '{line.Id}' changes when its text or node changes and its translations are lost: run the line tagger (LineTagger.TagFiles) first."));
            }

            comment.Clear().Append(scan.Comment);
            if (scan.Substitutions is { } substitutions)
            {
                for (var s = 0; s < substitutions.Count; s++)
                {
                    comment.Append(comment.Length > 0 ? "; " : string.Empty).Append('{').Append(s).Append("} = ").Append(substitutions[s]);
                }
            }

            var character = line.CharacterName ?? string.Empty;
            rows.Add(new StringTableRow(line.Id, line.Kind, WithoutCharacter(line.Text, line.CharacterName), character, line.File, line.Node.Name, line.Line,
                comment.ToString(), LineHash.Compute(line.Text), line.Text, hasTag));
        }

        return new StringTableExport(story, baseLocale, rows.ToImmutable(), diagnostics.ToImmutable());
    }

    /// <summary>The text after a <c>Name: </c> prefix (the first unescaped colon, as the compiler reads it).</summary>
    internal static string WithoutCharacter(string text, string? character)
    {
        if (character is null)
        {
            return text;
        }

        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == ':')
            {
                return text[(i + 1)..].TrimStart();
            }
        }

        return text;
    }
}
