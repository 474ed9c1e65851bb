using GameBook.Compilation;

namespace GameBook.Samples.Console;

/// <summary>Reads story files and compiles them together, reporting problems the way every command does.</summary>
public static class StoryFiles
{
    /// <summary>Exit code: success (or the story ended normally).</summary>
    public const int ExitOk = 0;

    /// <summary>Exit code: the story has errors (compile errors, a runtime error, a missing node, an invalid choice).</summary>
    public const int ExitStoryError = 1;

    /// <summary>Exit code: the command could not run (missing or unreadable file, bad arguments).</summary>
    public const int ExitUsage = 2;

    /// <summary>
    /// Reads every file. On failure writes <c>error: cannot read 'PATH': REASON</c> to
    /// <paramref name="error"/> and returns null.
    /// </summary>
    public static IReadOnlyList<StorySource>? Read(IReadOnlyList<string> paths, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(error);
        if (paths.Count == 0)
        {
            error.WriteLine("error: no story files given.");
            return null;
        }

        var sources = new List<StorySource>(paths.Count);
        var failed = false;
        foreach (var path in paths)
        {
            try
            {
                sources.Add(new StorySource(path, File.ReadAllText(path)));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                var reason = e switch
                {
                    FileNotFoundException or DirectoryNotFoundException => "the file does not exist",
                    UnauthorizedAccessException => "access is denied",
                    _ when Directory.Exists(path) => "it is a directory, not a file",
                    _ => e.Message,
                };
                error.WriteLine($"error: cannot read '{path}': {reason}.");
                failed = true;
            }
        }

        return failed ? null : sources;
    }

    /// <summary>
    /// The bundled stories: every <c>*.yarn</c> of <paramref name="directory"/> (default: <c>stories/</c> beside the
    /// program), in name order; null after writing an error when there are none.
    /// </summary>
    public static IReadOnlyList<string>? Bundled(string? directory, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(error);
        directory ??= PlayCommand.DefaultStoriesDirectory;
        string[] files = Directory.Exists(directory)
            ? [.. Directory.EnumerateFiles(directory, "*.yarn").Order(StringComparer.Ordinal)]
            : [];
        if (files.Length == 0)
        {
            error.WriteLine($"error: no bundled story found: '{directory}' holds no .yarn files. Pass story files: gamebook play FILE...");
            return null;
        }

        return files;
    }

    /// <summary>
    /// Reads and compiles the files; on failure writes the reason (unreadable file, or every diagnostic) to
    /// <paramref name="error"/> and returns the exit code to stop with.
    /// </summary>
    public static (CompilationResult? Result, int Exit) Compile(IReadOnlyList<string> paths, TextWriter error, CompileOptions? options = null)
    {
        var sources = Read(paths, error);
        if (sources is null)
        {
            return (null, ExitUsage);
        }

        var result = StoryCompiler.Compile(sources, options ?? new CompileOptions());
        if (result.HasErrors || result.Story is null)
        {
            DiagnosticText.Write(result.Diagnostics, sources, error);
            return (null, ExitStoryError);
        }

        return (result, ExitOk);
    }

    /// <summary>Formats a diagnostic as <c>path(line,col): error GB0007: message</c>.</summary>
    public static string Format(Diagnostic diagnostic)
    {
        ArgumentNullException.ThrowIfNull(diagnostic);
        var severity = SeverityName(diagnostic.Severity);
        return string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $"{diagnostic.File}({diagnostic.Range.StartLine},{diagnostic.Range.StartColumn}): {severity} {diagnostic.Code}: {diagnostic.Message}");
    }

    /// <summary><c>error</c>, <c>warning</c> or <c>info</c>.</summary>
    public static string SeverityName(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => "error",
        DiagnosticSeverity.Warning => "warning",
        _ => "info",
    };

    /// <summary>Writes every diagnostic, one per line, in file/line/column order.</summary>
    public static void WriteDiagnostics(CompilationResult result, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        foreach (var diagnostic in result.Diagnostics)
        {
            output.WriteLine(Format(diagnostic));
        }
    }
}
