using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace GameBook.Samples.Console;

/// <summary>The command line of the <c>gamebook</c> tool: parses arguments and dispatches to the commands.</summary>
public static class GameBookCli
{
    /// <summary>Parses <paramref name="args"/> and runs the command; with no arguments, plays the bundled story.</summary>
    public static int Run(string[] args, TextReader input, TextWriter output, TextWriter error, bool useColor = false, string? bundledStoriesDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(error);
        if (args.Length == 0)
        {
            return PlayCommand.Run(new PlaySettings([], UseColor: useColor, BundledStoriesDirectory: bundledStoriesDirectory), input, output, error);
        }

        var root = BuildCommand(input, useColor, bundledStoriesDirectory);
        var parsed = root.Parse(args);
        var configuration = new InvocationConfiguration { Output = output, Error = error };
        if (parsed.Errors.Count > 0 && parsed.Action is not System.CommandLine.Help.HelpAction)
        {
            foreach (var parseError in parsed.Errors)
            {
                error.WriteLine($"error: {parseError.Message}");
            }

            error.WriteLine("Run 'gamebook --help' for usage.");
            return StoryFiles.ExitUsage;
        }

        return parsed.Invoke(configuration);
    }

    private static RootCommand BuildCommand(TextReader input, bool useColor, string? bundledStoriesDirectory)
    {
        var testFunctions = new Option<bool>("--test-functions")
        {
            Description = "Register the host functions the Yarn conformance suite assumes (assert, add_three_operands, dummy_bool, ...).",
        };

        var checkFiles = new Argument<string[]>("FILE") { Arity = ArgumentArity.OneOrMore, Description = "The .yarn files, compiled together." };
        var check = new Command("check", "Compile story files and list the diagnostics; exit code 1 when there are errors.")
        {
            checkFiles,
            testFunctions,
        };
        check.SetAction(r => CheckCommand.Run(r.GetValue(checkFiles)!, r.GetValue(testFunctions), r.InvocationConfiguration.Output, r.InvocationConfiguration.Error));

        var transcriptFiles = new Argument<string[]>("FILE") { Arity = ArgumentArity.OneOrMore, Description = "The .yarn files, compiled together." };
        var start = new Option<string>("--start") { Description = "The node to start from.", DefaultValueFactory = _ => "Start" };
        var seed = new Option<ulong>("--seed") { Description = "Seeds randomness and the option-picking rule (default 0)." };
        var choices = new Option<int[]>("--choices")
        {
            Description = "Comma-separated 1-based option numbers to pick first, e.g. 1,3,2; then the rule applies.",
            CustomParser = ParseChoices,
        };
        var transcript = new Command("transcript", "Play a story without a player and print one line per event (line:, option:, select:, command:, stop, error:, limit).")
        {
            transcriptFiles,
            start,
            seed,
            choices,
            testFunctions,
        };
        transcript.SetAction(r => TranscriptCommand.Run(
            new TranscriptSettings(r.GetValue(transcriptFiles)!, r.GetValue(start)!, r.GetValue(seed), r.GetValue(choices), r.GetValue(testFunctions)),
            r.InvocationConfiguration.Output,
            r.InvocationConfiguration.Error));

        var playFiles = new Argument<string[]>("FILE") { Arity = ArgumentArity.ZeroOrMore, Description = "The .yarn files; none plays the bundled sample gamebook." };
        var playStart = new Option<string>("--start") { Description = "The node to start from.", DefaultValueFactory = _ => "Start" };
        var playSeed = new Option<ulong?>("--seed") { Description = "Seeds randomness (default: random)." };
        var play = new Command("play", "Play a story interactively: type an option's number, q to quit.")
        {
            playFiles,
            playStart,
            playSeed,
        };
        play.SetAction(r => PlayCommand.Run(
            new PlaySettings(r.GetValue(playFiles) ?? [], r.GetValue(playStart)!, r.GetValue(playSeed), useColor, bundledStoriesDirectory),
            input,
            r.InvocationConfiguration.Output,
            r.InvocationConfiguration.Error));

        return new RootCommand("gamebook: check, transcribe and play Yarn stories. With no arguments, plays the bundled sample gamebook.")
        {
            check,
            transcript,
            play,
        };
    }

    private static int[]? ParseChoices(ArgumentResult result)
    {
        var values = new List<int>();
        foreach (var token in result.Tokens)
        {
            foreach (var part in token.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1)
                {
                    result.AddError($"--choices: '{part}' is not an option number (1, 2, ...).");
                    return null;
                }

                values.Add(n);
            }
        }

        return [.. values];
    }
}
