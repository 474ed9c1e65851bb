using System.CommandLine;
using System.CommandLine.Help;

namespace GameBook.Samples.Console;

/// <summary>
/// The command line of the <c>gamebook</c> tool: parses arguments and dispatches to the commands (one class each,
/// under <c>Commands/</c>). Exit codes: 0 success, 1 the story has problems, 2 the command could not run
/// (bad arguments, missing or unreadable files). A failure of the tool itself prints one line, or the full
/// exception with <c>--verbose</c>. Thread-safe: each call builds its own command tree.
/// </summary>
public static class GameBookCli
{
    private static volatile bool s_handlesInterrupt;

    /// <summary>True while a command that stops cleanly on Ctrl+C (test, explore) runs.</summary>
    public static bool CommandHandlesInterrupt => s_handlesInterrupt;

    /// <summary>Parses <paramref name="args"/> and runs the command; with no arguments, plays the bundled story.</summary>
    public static int Run(string[] args, TextReader input, TextWriter output, TextWriter error, bool useColor = false, string? bundledStoriesDirectory = null) =>
        Run(args, new CliContext(input, output, error) { UseColor = useColor, BundledStoriesDirectory = bundledStoriesDirectory });

    /// <summary>Parses <paramref name="args"/> and runs the command with <paramref name="context"/>.</summary>
    public static int Run(string[] args, CliContext context)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(context);
        var verbose = new Option<bool>("--verbose") { Description = "Print the full exception when the tool itself fails.", Recursive = true };
        var root = BuildCommand(context, verbose);
        var parsed = root.Parse(args.Length == 0 ? ["play"] : args);
        if (parsed.Errors.Count > 0 && parsed.Action is not HelpAction)
        {
            foreach (var parseError in parsed.Errors)
            {
                context.Error.WriteLine($"error: {parseError.Message}");
            }

            var name = parsed.CommandResult.Command is RootCommand ? "gamebook" : $"gamebook {parsed.CommandResult.Command.Name}";
            context.Error.WriteLine($"Run '{name} --help' for usage.");
            return StoryFiles.ExitUsage;
        }

        var configuration = new InvocationConfiguration
        {
            Output = context.Output,
            Error = context.Error,
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = null,
        };
        try
        {
            return parsed.Invoke(configuration);
        }
        catch (OperationCanceledException) when (context.Cancellation.IsCancellationRequested)
        {
            context.Error.WriteLine("Interrupted.");
            return TestCommand.ExitInterrupted;
        }
#pragma warning disable CA1031 // The tool's last line of defence: one clear line instead of a stack trace.
        catch (Exception e)
#pragma warning restore CA1031
        {
            if (parsed.GetValue(verbose))
            {
                context.Error.WriteLine(e.ToString());
            }
            else
            {
                context.Error.WriteLine($"error: {e.Message} (run with --verbose for details)");
            }

            return StoryFiles.ExitUsage;
        }
        finally
        {
            s_handlesInterrupt = false;
        }
    }

    /// <summary>Marks the running command as one that stops cleanly on the first Ctrl+C.</summary>
    internal static void HandleInterrupt() => s_handlesInterrupt = true;

    private static RootCommand BuildCommand(CliContext context, Option<bool> verbose) =>
        new("gamebook: check, play, playtest and explore Yarn stories and gamebooks. With no arguments, plays the bundled sample gamebook.")
        {
            verbose,
            PlayCommand.Create(context),
            CheckCommand.Create(context),
            TranscriptCommand.Create(context),
            TestCommand.Create(context),
            ExploreCommand.Create(context),
            StatsCommand.Create(context),
            GraphCommand.Create(context),
            ExportCommand.Create(context),
            ImportCommand.Create(context),
            LinesCommand.Create(context),
            NewCommand.Create(context),
        };
}
