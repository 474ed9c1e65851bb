using GameBook.Compilation;

namespace GameBook.Samples.Console;

/// <summary><c>gamebook check FILE...</c>: compiles the files together and lists the diagnostics.</summary>
public static class CheckCommand
{
    /// <summary>Runs the command. Returns 1 when there are errors, 2 when a file cannot be read, else 0.</summary>
    public static int Run(IReadOnlyList<string> files, bool testFunctions, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(output);
        var sources = StoryFiles.Read(files, error);
        if (sources is null)
        {
            return StoryFiles.ExitUsage;
        }

        var result = StoryCompiler.Compile(sources, new CompileOptions { Library = TestFunctions.CreateCompileLibrary(testFunctions) });
        StoryFiles.WriteDiagnostics(result, output);
        return result.HasErrors ? StoryFiles.ExitStoryError : StoryFiles.ExitOk;
    }
}
