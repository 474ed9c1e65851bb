using System.Globalization;
using GameBook.Compilation;
using GameBook.Runtime;

namespace GameBook.Samples.Console;

/// <summary>What <c>gamebook play</c> plays.</summary>
/// <param name="Files">The story files; empty means the bundled sample gamebook.</param>
/// <param name="StartNode">The node to start from.</param>
/// <param name="Seed">Seeds the session's random generator; null picks a random seed.</param>
/// <param name="UseColor">Grey out unavailable options with ANSI escapes.</param>
/// <param name="BundledStoriesDirectory">Where the bundled stories live; null means <c>stories/</c> beside the program.</param>
public sealed record PlaySettings(
    IReadOnlyList<string> Files,
    string StartNode = "Start",
    ulong? Seed = null,
    bool UseColor = false,
    string? BundledStoriesDirectory = null);

/// <summary>
/// <c>gamebook play</c>: interactive play in a terminal. Lines are printed as they come, commands in brackets,
/// options numbered (unavailable ones marked and greyed); the player types a number, or <c>q</c> to quit.
/// Invalid input re-prompts; the end of input quits cleanly.
/// </summary>
public static class PlayCommand
{
    private const string Grey = "\u001b[90m";
    private const string Reset = "\u001b[0m";

    /// <summary>The folder the bundled stories are copied to: <c>stories/</c> beside the program.</summary>
    public static string DefaultStoriesDirectory => Path.Combine(AppContext.BaseDirectory, "stories");

    /// <summary>
    /// Runs the command. Returns 0 when the story ends, the player quits or input ends; 1 on compile or
    /// runtime errors or an unknown start node; 2 when a file cannot be read or no bundled story exists.
    /// </summary>
    public static int Run(PlaySettings settings, TextReader input, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);

        var files = settings.Files;
        if (files.Count == 0)
        {
            var directory = settings.BundledStoriesDirectory ?? DefaultStoriesDirectory;
            files = Directory.Exists(directory)
                ? [.. Directory.EnumerateFiles(directory, "*.yarn").Order(StringComparer.Ordinal)]
                : [];
            if (files.Count == 0)
            {
                error.WriteLine($"error: no bundled story found: '{directory}' holds no .yarn files. Pass story files: gamebook play FILE...");
                return StoryFiles.ExitUsage;
            }
        }

        var sources = StoryFiles.Read(files, error);
        if (sources is null)
        {
            return StoryFiles.ExitUsage;
        }

        var result = StoryCompiler.Compile(sources);
        if (result.HasErrors || result.Story is null)
        {
            StoryFiles.WriteDiagnostics(result, error);
            return StoryFiles.ExitStoryError;
        }

        if (!result.Story.ContainsNode(settings.StartNode))
        {
            error.WriteLine($"error: the story has no node named '{settings.StartNode}'.");
            return StoryFiles.ExitStoryError;
        }

        using var session = result.Story.CreateSession(new SessionOptions { StartNode = settings.StartNode, Seed = settings.Seed });
        while (true)
        {
            var step = session.Next();
            switch (step.Kind)
            {
                case StepKind.Line:
                    output.WriteLine(step.Line.Text);
                    break;
                case StepKind.Command:
                    output.WriteLine($"[{step.Command.Text}]");
                    break;
                case StepKind.End:
                    output.WriteLine();
                    output.WriteLine("THE END");
                    return StoryFiles.ExitOk;
                case StepKind.Error:
                    error.WriteLine($"error: {step.Error?.Message}");
                    return StoryFiles.ExitStoryError;
                case StepKind.Options:
                    var choice = AskForChoice(step.Options, settings.UseColor, input, output);
                    if (choice is null)
                    {
                        return StoryFiles.ExitOk;
                    }

                    session.Choose(choice.Value);
                    break;
                default:
                    error.WriteLine($"error: unexpected step kind {step.Kind}.");
                    return StoryFiles.ExitStoryError;
            }
        }
    }

    /// <summary>Shows the options and reads a choice: the 0-based option index, NoOption, or null to quit.</summary>
    private static int? AskForChoice(OptionSet options, bool useColor, TextReader input, TextWriter output)
    {
        output.WriteLine();
        for (var i = 0; i < options.Count; i++)
        {
            var number = (i + 1).ToString(CultureInfo.InvariantCulture);
            if (options[i].IsAvailable)
            {
                output.WriteLine($"  {number}. {options[i].Text}");
            }
            else
            {
                var text = $"  {number}. {options[i].Text} (unavailable)";
                output.WriteLine(useColor ? Grey + text + Reset : text);
            }
        }

        if (options.AvailableCount == 0)
        {
            output.WriteLine("(No option is available; the story moves on.)");
            return StorySession.NoOption;
        }

        while (true)
        {
            output.Write("> ");
            output.Flush();
            var answer = input.ReadLine();
            if (answer is null)
            {
                output.WriteLine();
                output.WriteLine("(End of input: stopping.)");
                return null;
            }

            answer = answer.Trim();
            if (answer is "q" or "Q" or "quit")
            {
                output.WriteLine("Bye.");
                return null;
            }

            if (int.TryParse(answer, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= options.Count)
            {
                if (options[n - 1].IsAvailable)
                {
                    output.WriteLine();
                    return n - 1;
                }

                output.WriteLine($"Option {n} is not available. Choose another.");
            }
            else
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Type a number from 1 to {options.Count}, or q to quit."));
            }
        }
    }
}
