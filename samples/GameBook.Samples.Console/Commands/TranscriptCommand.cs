using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using GameBook.Compilation;
using GameBook.Runtime;

namespace GameBook.Samples.Console;

/// <summary>What <c>gamebook transcript</c> plays and how it picks options.</summary>
/// <param name="Files">The story files, compiled together.</param>
/// <param name="StartNode">The node to start from.</param>
/// <param name="Seed">Seeds the session's random generator and the option-picking rule.</param>
/// <param name="Choices">
/// 1-based indices into the whole option list, used in order before the rule; <c>0</c> stands for an option set with
/// no available option (as the transcript prints it), so printed selections can be fed back.
/// </param>
/// <param name="TestFunctions">Registers the host functions the Yarn conformance suite assumes.</param>
public sealed record TranscriptSettings(
    IReadOnlyList<string> Files,
    string StartNode = "Start",
    ulong Seed = 0,
    IReadOnlyList<int>? Choices = null,
    bool TestFunctions = false);

/// <summary>
/// <c>gamebook transcript</c>: plays a story without a player and prints one line per event
/// (<c>line:</c>, <c>option:</c>, <c>select:</c>, <c>command:</c>, <c>stop</c>, <c>error:</c>, <c>limit</c>).
/// </summary>
/// <remarks>
/// Picking rule without (or after) <c>--choices</c>: among the available options, the k-th (0-based) with
/// k = (seed + selections so far) mod available count. When no option is available it prints <c>select: 0</c>
/// and falls through (this counts as a selection; it consumes a <c>--choices</c> entry only when that entry is <c>0</c>).
/// When a 101st selection would be needed it prints <c>limit</c> and stops.
/// </remarks>
public static class TranscriptCommand
{
    /// <summary>The number of selections after which the transcript stops with <c>limit</c>.</summary>
    public const int MaxSelections = 100;

    /// <summary>A guard against stories that loop forever without asking for a choice.</summary>
    public const int MaxEvents = 100_000;

    /// <summary>The <c>--test-functions</c> option, shared by the commands that compile stories.</summary>
    internal static Option<bool> TestFunctionsOption() => new("--test-functions")
    {
        Description = "Register the host functions the Yarn conformance suite assumes (assert, add_three_operands, dummy_bool, ...).",
    };

    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var files = new Argument<string[]>("FILE") { Arity = ArgumentArity.OneOrMore, Description = "The .yarn files, compiled together." };
        var start = new Option<string>("--start") { Description = "The node to start from.", DefaultValueFactory = _ => "Start" };
        var seed = new Option<ulong>("--seed") { Description = "Seeds randomness and the option-picking rule (default 0)." };
        var choices = new Option<int[]>("--choices")
        {
            Description = "Comma-separated option numbers to pick first, e.g. 1,3,2 (0: a set with no available option, as printed); then the rule applies.",
            CustomParser = ParseChoices,
        };
        var testFunctions = TestFunctionsOption();
        var command = new Command("transcript", "Play a story without a player and print one line per event (line:, option:, select:, command:, stop, error:, limit).")
        {
            files, start, seed, choices, testFunctions,
        };
        command.SetAction(r => Run(
            new TranscriptSettings(r.GetValue(files)!, r.GetValue(start)!, r.GetValue(seed), r.GetValue(choices), r.GetValue(testFunctions)),
            context.Output,
            context.Error));
        return command;
    }

    private static int[]? ParseChoices(ArgumentResult result)
    {
        var values = new List<int>();
        foreach (var token in result.Tokens)
        {
            foreach (var part in token.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                {
                    result.AddError($"--choices: '{part}' is not an option number (0, 1, 2, ...).");
                    return null;
                }

                values.Add(n);
            }
        }

        return [.. values];
    }

    /// <summary>
    /// Runs the command. Returns 0 when the story stopped or hit the limit, 1 on compile errors, a runtime
    /// error, an unknown start node or an unusable <c>--choices</c> entry, 2 when a file cannot be read.
    /// </summary>
    public static int Run(TranscriptSettings settings, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var sources = StoryFiles.Read(settings.Files, error);
        if (sources is null)
        {
            return StoryFiles.ExitUsage;
        }

        var result = StoryCompiler.Compile(sources, new CompileOptions { Library = TestFunctions.CreateCompileLibrary(settings.TestFunctions) });
        if (result.HasErrors || result.Story is null)
        {
            StoryFiles.WriteDiagnostics(result, output);
            return StoryFiles.ExitStoryError;
        }

        var story = result.Story;
        if (!story.ContainsNode(settings.StartNode))
        {
            output.WriteLine($"error: the story has no node named '{settings.StartNode}'.");
            return StoryFiles.ExitStoryError;
        }

        using var session = story.CreateSession(new SessionOptions
        {
            StartNode = settings.StartNode,
            Seed = settings.Seed,
            Library = TestFunctions.CreateSessionLibrary(settings.TestFunctions),
            SaliencyStrategy = SaliencyStrategies.BestLeastRecentlySeen,
        });

        var choices = settings.Choices ?? [];
        var selections = 0;
        var choiceIndex = 0;
        for (var events = 0; events < MaxEvents; events++)
        {
            var step = session.Next();
            switch (step.Kind)
            {
                case StepKind.Line:
                    output.WriteLine($"line: {step.Line.Text}");
                    break;
                case StepKind.Command:
                    output.WriteLine($"command: {step.Command.Text}");
                    break;
                case StepKind.End:
                    output.WriteLine("stop");
                    return StoryFiles.ExitOk;
                case StepKind.Error:
                    output.WriteLine($"error: {step.Error?.Message}");
                    return StoryFiles.ExitStoryError;
                case StepKind.Options:
                    if (selections == MaxSelections)
                    {
                        output.WriteLine("limit");
                        return StoryFiles.ExitOk;
                    }

                    var options = step.Options;
                    foreach (var option in options)
                    {
                        output.WriteLine(option.IsAvailable ? $"option: {option.Text}" : $"option: {option.Text} [disabled]");
                    }

                    int chosen;
                    if (options.AvailableCount == 0)
                    {
                        chosen = StorySession.NoOption;
                        if (choiceIndex < choices.Count && choices[choiceIndex] == 0)
                        {
                            choiceIndex++;
                        }
                    }
                    else if (choiceIndex < choices.Count)
                    {
                        var wanted = choices[choiceIndex++];
                        if (wanted == 0)
                        {
                            output.WriteLine(string.Create(
                                CultureInfo.InvariantCulture,
                                $"error: --choices entry {choiceIndex} is 0 (no option available), but {options.AvailableCount} of the {options.Count} options are available."));
                            return StoryFiles.ExitStoryError;
                        }

                        if (wanted < 1 || wanted > options.Count || !options[wanted - 1].IsAvailable)
                        {
                            output.WriteLine(string.Create(
                                CultureInfo.InvariantCulture,
                                $"error: --choices entry {choiceIndex} is {wanted}, but option {wanted} is {(wanted < 1 || wanted > options.Count ? $"not in 1..{options.Count}" : "disabled")}."));
                            return StoryFiles.ExitStoryError;
                        }

                        chosen = wanted - 1;
                    }
                    else
                    {
                        chosen = PickByRule(options, settings.Seed, selections);
                    }

                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"select: {chosen + 1}"));
                    selections++;
                    session.Choose(chosen);
                    break;
                default:
                    output.WriteLine($"error: unexpected step kind {step.Kind}.");
                    return StoryFiles.ExitStoryError;
            }
        }

        output.WriteLine("limit");
        return StoryFiles.ExitOk;
    }

    /// <summary>The option the rule picks: the k-th available one, k = (seed + step) mod available count.</summary>
    public static int PickByRule(OptionSet options, ulong seed, int step)
    {
        var k = (int)((seed % (ulong)options.AvailableCount + (ulong)step % (ulong)options.AvailableCount) % (ulong)options.AvailableCount);
        for (var i = 0; i < options.Count; i++)
        {
            if (options[i].IsAvailable && k-- == 0)
            {
                return i;
            }
        }

        throw new InvalidOperationException("The option set has fewer available options than it reports.");
    }
}
