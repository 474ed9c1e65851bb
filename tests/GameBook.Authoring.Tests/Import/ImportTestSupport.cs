using System.Text.Json.Nodes;
using GameBook.Authoring.Import;
using GameBook.Compilation;

namespace GameBook.Authoring.Tests.Import;

/// <summary>
/// Finds the foreign-format samples at <c>&lt;repo root&gt;/../shared/samples</c> (the repo root is the first folder
/// above the test binaries holding GameBookStudio.sln), as the conformance tests find ../shared.
/// </summary>
public static class SharedSamples
{
    private static readonly Lazy<string?> LazyDirectory = new(Locate);

    public static string? Directory => LazyDirectory.Value;

    public static string? SkipReason => Directory is null
        ? "The format samples are absent: expected ../shared/samples beside the repository root (the folder holding GameBookStudio.sln)."
        : null;

    public static string Read(string name) => File.ReadAllText(Path.Combine(Directory ?? throw new InvalidOperationException(SkipReason), name));

    private static string? Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GameBookStudio.sln")))
            {
                var samples = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "samples"));
                return File.Exists(Path.Combine(samples, "original-gamebook-studio.json")) && File.Exists(Path.Combine(samples, "lighthouse.twee")) ? samples : null;
            }
        }

        return null;
    }
}

/// <summary>A fact skipped, saying why, when ../shared/samples is absent.</summary>
public sealed class SampleFactAttribute : FactAttribute
{
    public SampleFactAttribute()
    {
        Skip = SharedSamples.SkipReason;
    }
}

internal static class ImportAssert
{
    /// <summary>The import produced Yarn that GameBook.Core compiles without errors; returns the compilation.</summary>
    public static CompilationResult Compiles(ImportResult result)
    {
        Assert.NotNull(result.Yarn);
        var compiled = StoryCompiler.Compile([result.ToStorySource()], new CompileOptions { IncludeOutline = true });
        Assert.True(!compiled.HasErrors, "The imported Yarn does not compile:\n" + string.Join("\n", compiled.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(10)) + "\n---\n" + Head(result.Yarn!));
        return compiled;
    }

    public static void ValidRanges(ImportResult result, string input)
    {
        var lines = input.Split('\n').Length;
        foreach (var d in result.Diagnostics)
        {
            Assert.InRange(d.Range.StartLine, 1, lines + 1);
            Assert.True(d.Range.StartColumn >= 1 && d.Range.EndLine >= d.Range.StartLine, d.ToString());
        }
    }

    public static void SameJson(string expected, string actual)
    {
        var a = JsonNode.Parse(expected);
        var b = JsonNode.Parse(actual);
        Assert.True(JsonNode.DeepEquals(a, b), "The exported JSON differs from the original.\nExpected:\n" + Head(expected) + "\nActual:\n" + Head(actual));
    }

    private static string Head(string s) => s.Length > 4000 ? s[..4000] + "..." : s;
}
