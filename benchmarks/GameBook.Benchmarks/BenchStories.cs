using GameBook.Compilation;
using GameBook.Runtime;

namespace GameBook.Benchmarks;

/// <summary>Finds and compiles the shared benchmark stories (../shared/bench beside the repository).</summary>
internal static class BenchStories
{
    public static string Directory { get; } = Locate();

    public static string ReadText(string fileName) => File.ReadAllText(Path.Combine(Directory, fileName));

    public static Story Compile(string fileName)
    {
        var result = StoryCompiler.Compile(fileName, ReadText(fileName));
        if (result.Story is null)
        {
            throw new InvalidOperationException($"{fileName} did not compile:{Environment.NewLine}{string.Join(Environment.NewLine, result.Diagnostics)}");
        }

        return result.Story;
    }

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GameBookStudio.sln")))
            {
                var bench = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "bench"));
                if (System.IO.Directory.Exists(bench))
                {
                    return bench;
                }

                throw new DirectoryNotFoundException($"The benchmark stories are read from {bench}, which does not exist: check out the shared folder beside the repository.");
            }
        }

        throw new DirectoryNotFoundException("Run the benchmarks from inside the repository (GameBookStudio.sln not found above the binaries).");
    }
}
