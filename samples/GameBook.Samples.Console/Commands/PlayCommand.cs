using System.CommandLine;


namespace GameBook.Samples.Console;

/// <summary>What <c>gamebook play</c> plays.</summary>
/// <param name="Files">The story files; empty means the bundled sample gamebook.</param>
/// <param name="StartNode">The node to start from.</param>
/// <param name="Seed">Seeds the session's random generator; null picks a random seed (restart picks a new one).</param>
/// <param name="UseColor">Style the output with ANSI escapes (dimmed unavailable options, bold names).</param>
/// <param name="BundledStoriesDirectory">Where the bundled stories live; null means <c>stories/</c> beside the program.</param>
public sealed record PlaySettings(
    IReadOnlyList<string> Files,
    string StartNode = "Start",
    ulong? Seed = null,
    bool UseColor = false,
    string? BundledStoriesDirectory = null)
{
    /// <summary>A save to start from instead of the beginning.</summary>
    public string? LoadPath { get; init; }

    /// <summary>Where <c>save</c> and <c>load</c> without a file name write and read; default <c>STORY.save.json</c> in the working folder.</summary>
    public string? SavePath { get; init; }

    /// <summary>Recompile when a story file changes and replay the choices made so far.</summary>
    public bool Watch { get; init; }

    /// <summary>How long to wait after a change for the editor to finish writing.</summary>
    public TimeSpan WatchDebounce { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The width to wrap to; null uses the terminal's (80 when the output is not a terminal).</summary>
    public int? Width { get; init; }

    /// <summary>The output is a terminal: wrap to its width, read at each render.</summary>
    public bool OutputIsTerminal { get; init; }

    /// <summary>Write each answer after the prompt (when the input is not a terminal, which would echo it).</summary>
    public bool EchoInput { get; init; }
}

/// <summary>
/// <c>gamebook play</c>: interactive play in a terminal (see <see cref="PlayLoop"/> for the commands at a prompt).
/// Invalid input asks again; the end of input stops cleanly.
/// </summary>
public static class PlayCommand
{
    /// <summary>The folder the bundled stories are copied to: <c>stories/</c> beside the program.</summary>
    public static string DefaultStoriesDirectory => Path.Combine(AppContext.BaseDirectory, "stories");

    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var files = new Argument<string[]>("FILE") { Arity = ArgumentArity.ZeroOrMore, Description = "The .yarn files; none plays the bundled sample gamebook." };
        var start = new Option<string>("--start") { Description = "The node to start from.", DefaultValueFactory = _ => "Start" };
        var seed = new Option<ulong?>("--seed") { Description = "Seeds randomness, so a playthrough can be repeated (default: random)." };
        var load = new Option<string>("--load") { Description = "Start from this save (written by 'save' at a prompt)." };
        var watch = new Option<bool>("--watch") { Description = "Recompile when a file changes and replay the choices made so far into the new version." };
        var command = new Command("play", "Play a story in the terminal: type an option's number, or help, save, load, back, restart, inventory, vars, quit.")
        {
            files, start, seed, load, watch,
        };
        command.SetAction(r => Run(
            new PlaySettings(r.GetValue(files) ?? [], r.GetValue(start)!, r.GetValue(seed), context.UseColor, context.BundledStoriesDirectory)
            {
                LoadPath = r.GetValue(load),
                Watch = r.GetValue(watch),
                Width = context.Width,
                EchoInput = context.EchoInput,
                OutputIsTerminal = context.OutputIsTerminal,
            },
            context.Input,
            context.Output,
            context.Error));
        return command;
    }

    /// <summary>
    /// Runs the command. Returns 0 when the player quits or input ends; 1 on compile errors, an unknown start node,
    /// or when input ends after a runtime error; 2 when a file or the save cannot be read or no bundled story exists.
    /// </summary>
    public static int Run(PlaySettings settings, TextReader input, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);

        var files = settings.Files.Count > 0 ? settings.Files : StoryFiles.Bundled(settings.BundledStoriesDirectory, error);
        if (files is null)
        {
            return StoryFiles.ExitUsage;
        }

        settings = settings with { Files = files };
        var (result, exit) = StoryFiles.Compile(files, error);
        if (result?.Story is not { } story)
        {
            return exit;
        }

        if (!story.ContainsNode(settings.StartNode))
        {
            error.WriteLine($"error: the story has no node named '{settings.StartNode}'.");
            return StoryFiles.ExitStoryError;
        }

        using var screen = new PlayScreen(output, settings.UseColor, settings.Width, settings.OutputIsTerminal);
        using var queue = new PlayInput(input);
        var loop = new PlayLoop(settings, story, screen, queue, settings.EchoInput);
        if (settings.LoadPath is { } load && loop.Load(load) is { } loadError)
        {
            error.WriteLine($"error: {loadError}");
            return StoryFiles.ExitUsage;
        }

        using var watcher = settings.Watch ? new StoryWatcher(files, queue.NotifyChanged) : null;
        if (settings.Watch)
        {
            screen.Info($"Watching {string.Join(", ", files.Select(Path.GetFileName))}: save a change and the story replays your choices into it.");
        }

        return loop.Run();
    }
}
