namespace GameBook.Samples.Tests;

/// <summary>Finds ../shared/conformance/yarn beside the repository root (the folder with GameBookStudio.sln).</summary>
internal static class Conformance
{
    private static readonly Lazy<string?> LazyTestCases = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GameBookStudio.sln")))
            {
                var cases = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "conformance", "yarn", "TestCases"));
                return Directory.Exists(cases) ? cases : null;
            }
        }

        return null;
    });

    public static string? TestCases => LazyTestCases.Value;

    public static string? SkipReason => TestCases is null
        ? "The Yarn conformance suite is absent: ../shared/conformance/yarn beside the repository root (../shared) is absent."
        : null;

    public static string TestCase(string name) => Path.Combine(TestCases ?? throw new InvalidOperationException(SkipReason), name);
}

/// <summary>A fact skipped (with the reason) when ../shared is absent.</summary>
public sealed class ConformanceFactAttribute : FactAttribute
{
    public ConformanceFactAttribute()
    {
        Skip = Conformance.SkipReason;
    }
}

/// <summary>A theory skipped (with the reason) when ../shared is absent.</summary>
public sealed class ConformanceTheoryAttribute : TheoryAttribute
{
    public ConformanceTheoryAttribute()
    {
        Skip = Conformance.SkipReason;
    }
}
