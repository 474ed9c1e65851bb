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

public class BundledStoryToolTests
{
    [BundledStoryFact]
    public void BundledStory_CheckWithWarnings_HasNoErrors()
    {
        var (exit, output, _) = Tool.Run("", ["check", "--warnings", .. BundledStoryTests.Files()]);

        Assert.True(exit == 0, output);
    }

    [BundledStoryFact]
    public void BundledStory_TestRunsOnThePoolAndPrintsAReport()
    {
        var context = new GameBook.Samples.Console.CliContext(new StringReader(""), new StringWriter(), new StringWriter());

        var (exit, output, error) = Tool.Run(context, ["test", "-n", "200", "--parallel", "2", .. BundledStoryTests.Files()]);

        Assert.True(exit is 0 or 1, $"exit {exit}: {error}");
        Assert.Contains("Playtest: 200 of 200 playthroughs", output, StringComparison.Ordinal);
        Assert.Matches("(?m)^(OK|FAILED): ", output);
    }

    [BundledStoryFact]
    public void BundledStory_PlayedWithTheFirstAvailableOption_ReachesTheEndOrTheStepBound()
    {
        // Drives the story generically (its text and paths change): at each prompt, answer the first available option.
        var story = GameBook.Compilation.StoryCompiler.Compile([.. BundledStoryTests.Files().Select(f => new GameBook.Compilation.StorySource(f, File.ReadAllText(f)))]).Story!;
        var session = story.CreateSession(new GameBook.Runtime.SessionOptions { Seed = 1 });
        var answers = new System.Text.StringBuilder();
        for (var steps = 0; steps < 5000; steps++)
        {
            var step = session.Next();
            if (step.Kind is GameBook.Runtime.StepKind.End or GameBook.Runtime.StepKind.Error)
            {
                break;
            }

            if (step.Kind == GameBook.Runtime.StepKind.Options)
            {
                var visible = Enumerable.Range(0, step.Options.Count).Where(i => step.Options[i].IsAvailable || !step.Options[i].Line.Tags.Contains("hide-unavailable")).ToList();
                var first = step.Options.AvailableCount == 0 ? -1 : Enumerable.Range(0, step.Options.Count).First(i => step.Options[i].IsAvailable);
                session.Choose(first < 0 ? GameBook.Runtime.StorySession.NoOption : first);
                if (first >= 0)
                {
                    answers.Append(visible.IndexOf(first) + 1).Append('\n');
                }
            }
        }

        var (exit, output, _) = Capture.Run((o, e) => GameBook.Samples.Console.PlayCommand.Run(
            new GameBook.Samples.Console.PlaySettings(BundledStoryTests.Files(), Seed: 1), new StringReader(answers + "q\n"), o, e));

        Assert.True(exit is 0 or 1, output);
        Assert.DoesNotContain("is not available", output, StringComparison.Ordinal);
        Assert.DoesNotContain("There is no option", output, StringComparison.Ordinal);
    }
}
