namespace GameBook.Core.Tests.Conformance;

/// <summary>
/// Finds the Yarn Spinner conformance material at <c>&lt;repo root&gt;/../shared/conformance/yarn</c>,
/// where the repo root is the first folder above <see cref="AppContext.BaseDirectory"/> holding
/// GameBookStudio.sln.
/// </summary>
public static class ConformanceSuite
{
    private static readonly Lazy<string?> LazyDirectory = new(Locate);

    /// <summary>The suite folder, or null when <c>../shared</c> is absent.</summary>
    public static string? Directory => LazyDirectory.Value;

    /// <summary>Why the conformance tests are skipped, or null when the suite is present.</summary>
    public static string? SkipReason => Directory is null
        ? "The Yarn conformance suite is absent: expected ../shared/conformance/yarn beside the repository root (the folder holding GameBookStudio.sln), and ../shared is absent or incomplete."
        : null;

    /// <summary>Why tests that play <c>../shared/bench/gamebook_200.yarn</c> are skipped, or null when it is present.</summary>
    public static string? BenchSkipReason =>
        File.Exists(Path.Combine(FindRepositoryRoot() ?? AppContext.BaseDirectory, "..", "shared", "bench", "gamebook_200.yarn"))
            ? null
            : "The benchmark stories are absent: expected ../shared/bench/gamebook_200.yarn beside the repository root (the folder holding GameBookStudio.sln).";

    /// <summary>The <c>TestCases</c> folder. Only valid when the suite is present.</summary>
    public static string TestCasesDirectory => Path.Combine(Directory ?? throw new InvalidOperationException(SkipReason), "TestCases");

    /// <summary>The repository root (folder with GameBookStudio.sln), or null.</summary>
    public static string? FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GameBookStudio.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    /// <summary>The <c>.yarn</c> files of TestCases that have a <c>.testplan</c> beside them (file names).</summary>
    public static IEnumerable<object[]> PlannedFiles() =>
        Directory is null
            ? []
            : System.IO.Directory.EnumerateFiles(TestCasesDirectory, "*.yarn")
                .Where(f => File.Exists(Path.ChangeExtension(f, ".testplan")))
                .Select(Path.GetFileName)
                .Order(StringComparer.Ordinal)
                .Select(name => new object[] { name! });

    /// <summary>The files that must fail to compile: TestCases/*.yarn without a plan, and ParseFailures/*.yarn
    /// (relative paths with forward slashes).</summary>
    public static IEnumerable<object[]> FailingFiles()
    {
        if (Directory is null)
        {
            return [];
        }

        var unplanned = System.IO.Directory.EnumerateFiles(TestCasesDirectory, "*.yarn")
            .Where(f => !File.Exists(Path.ChangeExtension(f, ".testplan")))
            .Select(f => Path.GetFileName(f));
        var parseFailures = System.IO.Directory.EnumerateFiles(Path.Combine(TestCasesDirectory, "ParseFailures"), "*.yarn")
            .Select(f => "ParseFailures/" + Path.GetFileName(f));
        return unplanned.Concat(parseFailures).Order(StringComparer.Ordinal).Select(name => new object[] { name });
    }

    private static string? Locate()
    {
        var root = FindRepositoryRoot();
        if (root is null)
        {
            return null;
        }

        var suite = Path.GetFullPath(Path.Combine(root, "..", "shared", "conformance", "yarn"));
        return System.IO.Directory.Exists(Path.Combine(suite, "TestCases")) ? suite : null;
    }
}

/// <summary>A fact that is skipped, saying why, when the conformance suite (../shared) is absent.</summary>
public sealed class ConformanceFactAttribute : FactAttribute
{
    public ConformanceFactAttribute()
    {
        Skip = ConformanceSuite.SkipReason;
    }
}

/// <summary>A theory that is skipped, saying why, when the conformance suite (../shared) is absent.
/// A skipped theory is reported as one skipped test; its data is not enumerated.</summary>
public sealed class ConformanceTheoryAttribute : TheoryAttribute
{
    public ConformanceTheoryAttribute()
    {
        Skip = ConformanceSuite.SkipReason;
    }
}

/// <summary>A fact that is skipped, saying why, when the benchmark stories (../shared/bench) are absent.</summary>
public sealed class SharedBenchFactAttribute : FactAttribute
{
    public SharedBenchFactAttribute()
    {
        Skip = ConformanceSuite.BenchSkipReason;
    }
}
