using GameBook.Samples.Console;

namespace GameBook.Samples.Tests;

/// <summary>Skipped when the build copied no story to <c>stories/</c> (the repository has no stories/ folder yet).</summary>
public sealed class BundledStoryFactAttribute : FactAttribute
{
    public BundledStoryFactAttribute()
    {
        if (BundledStoryTests.Files().Length == 0)
        {
            Skip = $"No bundled story: {PlayCommand.DefaultStoriesDirectory} holds no .yarn files (the repository has no stories/*.yarn).";
        }
    }
}

public class BundledStoryTests
{
    internal static string[] Files() =>
        Directory.Exists(PlayCommand.DefaultStoriesDirectory)
            ? [.. Directory.EnumerateFiles(PlayCommand.DefaultStoriesDirectory, "*.yarn").Order(StringComparer.Ordinal)]
            : [];

    [BundledStoryFact]
    public void BundledStories_CompileTogetherWithoutErrors()
    {
        var (exit, output, _) = Capture.Run((o, e) => CheckCommand.Run(Files(), testFunctions: false, o, e));

        Assert.True(exit == 0, output);
    }

    [BundledStoryFact]
    public void BundledStories_TranscriptsForTenSeeds_EndWithoutRuntimeErrors()
    {
        for (var seed = 0UL; seed < 10; seed++)
        {
            var settings = new TranscriptSettings(Files(), Seed: seed);
            var (exit, output, _) = Capture.Run((o, e) => TranscriptCommand.Run(settings, o, e));

            var last = Capture.Lines(output)[^1];
            Assert.True(exit == 0 && last is "stop" or "limit", $"seed {seed}: exit {exit}, last line `{last}`");
        }
    }

    [BundledStoryFact]
    public void NoArguments_PlaysTheBundledStoryUntilInputEnds()
    {
        var (exit, output, _) = Capture.Run((o, e) => GameBookCli.Run([], new StringReader("1\n1\n"), o, e));

        Assert.Equal(0, exit);
        Assert.Contains("  1. ", output, StringComparison.Ordinal);
    }
}
