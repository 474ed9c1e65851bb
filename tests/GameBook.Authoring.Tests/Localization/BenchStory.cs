namespace GameBook.Authoring.Tests.Localization;

/// <summary>
/// Finds <c>../shared/bench/gamebook_2000.yarn</c> beside the repository root (the first folder above the test
/// binaries holding GameBookStudio.sln), as CI lays it out; tests that need it are skipped, saying why, when absent.
/// </summary>
public static class BenchStory
{
    private static readonly Lazy<string?> LazyPath = new(Locate);

    public static string? Path => LazyPath.Value;

    public static string? SkipReason => Path is null
        ? "The benchmark story is absent: expected ../shared/bench/gamebook_2000.yarn beside the repository root (the folder holding GameBookStudio.sln)."
        : null;

    private static string? Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "GameBookStudio.sln")))
            {
                var file = System.IO.Path.GetFullPath(System.IO.Path.Combine(dir.FullName, "..", "shared", "bench", "gamebook_2000.yarn"));
                return File.Exists(file) ? file : null;
            }
        }

        return null;
    }
}

/// <summary>A fact skipped, saying why, when the benchmark story (../shared) is absent.</summary>
public sealed class BenchStoryFactAttribute : FactAttribute
{
    public BenchStoryFactAttribute()
    {
        Skip = BenchStory.SkipReason;
    }
}
