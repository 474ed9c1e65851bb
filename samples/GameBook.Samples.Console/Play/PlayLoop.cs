using System.Globalization;
using System.Security.Cryptography;
using GameBook.Compilation;
using GameBook.Runtime;

namespace GameBook.Samples.Console;

/// <summary>
/// The interactive game: shows each step, asks at every option set (and at the end) for a number or a command
/// (save, load, back, restart, inventory, vars, help, quit), keeps the undo history, and with <c>--watch</c> swaps in
/// each new version of the story, replaying the choices made so far. Not thread-safe: it runs on one thread and
/// reads the watcher's changes from the input queue.
/// </summary>
internal sealed class PlayLoop
{
    private const int Quit = -1;
    private const int Continue = -2;
    private readonly PlaySettings _settings;
    private readonly PlayScreen _screen;
    private readonly PlayInput _input;
    private readonly bool _echo;
    private readonly string _defaultSavePath;
    private Story _story;
    private StorySession _session;
    private ulong _seed;
    private SessionSnapshot? _origin;
    private List<Turn> _turns = [];
    private List<Shown> _passage = [];
    private long _handledChange;

    public PlayLoop(PlaySettings settings, Story story, PlayScreen screen, PlayInput input, bool echo)
    {
        _settings = settings;
        _story = story;
        _screen = screen;
        _input = input;
        _echo = echo;
        _defaultSavePath = settings.SavePath ?? Path.GetFileNameWithoutExtension(settings.Files[0]) + ".save.json";
        _seed = settings.Seed ?? NewSeed();
        _session = story.CreateSession(SessionOptions());
    }

    /// <summary>Starts from a save instead of the beginning; returns why it cannot, or null.</summary>
    public string? Load(string path)
    {
        var (snapshot, error) = SaveFile.Read(path);
        if (snapshot is null)
        {
            return error;
        }

        var restored = _story.Restore(snapshot, SessionOptions());
        if (!restored.Success)
        {
            return $"cannot load '{path}': it does not fit this story: {restored.Error}";
        }

        _session = restored.Session!;
        _origin = snapshot;
        _turns = [];
        _passage = [];
        return null;
    }

    /// <summary>Plays until the player quits or input ends: 0, or 1 when the story failed at run time.</summary>
    public int Run()
    {
        while (true)
        {
            var step = _session.Next();
            switch (step.Kind)
            {
                case StepKind.Line:
                    _screen.Line(step.Line);
                    _passage.Add(new Shown(StepKind.Line, step.Line, step.Line.Text));
                    break;
                case StepKind.Command:
                    _screen.Command(step.Command.Text);
                    _passage.Add(new Shown(StepKind.Command, default, step.Command.Text));
                    break;
                case StepKind.Options when step.Options.AvailableCount == 0:
                    _screen.Options(step.Options, PlayScreen.Visible(step.Options));
                    _screen.Info("(No option is available; the story moves on.)");
                    _session.Choose(StorySession.NoOption);
                    break;
                case StepKind.Options:
                    if (AskForChoice(step.Options) == Quit)
                    {
                        return StoryFiles.ExitOk;
                    }

                    break;
                case StepKind.End:
                    _screen.Heading("THE END");
                    if (AtTheEnd(failed: false) == Quit)
                    {
                        return StoryFiles.ExitOk;
                    }

                    break;
                default:
                    _screen.Problem($"error: {step.Error?.Message}");
                    if (AtTheEnd(failed: true) == Quit)
                    {
                        return StoryFiles.ExitStoryError;
                    }

                    break;
            }
        }
    }

    private int AskForChoice(OptionSet options)
    {
        var visible = PlayScreen.Visible(options);
        _screen.Options(options, visible);
        while (true)
        {
            var answer = Read();
            if (answer is null)
            {
                _screen.Blank();
                _screen.Info("(End of input: stopping.)");
                return Quit;
            }

            if (answer.Length == 0)
            {
                return Continue;
            }

            if (int.TryParse(answer, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                if (n < 1 || n > visible.Count)
                {
                    _screen.Warn(string.Create(CultureInfo.InvariantCulture, $"There is no option {n}: type a number from 1 to {visible.Count}, or 'help'."));
                    continue;
                }

                var option = options[visible[n - 1]];
                if (!option.IsAvailable)
                {
                    _screen.Warn(string.Create(CultureInfo.InvariantCulture, $"Option {n} is not available. Choose another."));
                    continue;
                }

                _turns.Add(new Turn(_session.Save(), _passage, option.Index, option.Text, Turn.ExplicitId(option)));
                _passage = [];
                _session.Choose(option.Index);
                _screen.Blank();
                return Continue;
            }

            var outcome = Command(answer);
            if (outcome != null)
            {
                return outcome.Value;
            }

            _screen.Warn(string.Create(CultureInfo.InvariantCulture, $"'{answer}' is neither an option number (1 to {visible.Count}) nor a command: type 'help' for the commands."));
        }
    }

    private int AtTheEnd(bool failed)
    {
        _screen.Info(failed
            ? "The story stopped with an error. Type 'back' to undo the last choice, 'restart', 'load', or 'quit'."
            : "Type 'restart' to play again, 'back' to undo the last choice, 'load' a save, or 'quit'.");
        while (true)
        {
            var answer = Read();
            if (answer is null)
            {
                _screen.Blank();
                return Quit;
            }

            if (answer.Length == 0)
            {
                return Continue;
            }

            var outcome = Command(answer);
            if (outcome != null)
            {
                return outcome.Value;
            }

            _screen.Warn($"'{answer}' is not a command here: type restart, back, load, save, quit or help.");
        }
    }

    /// <summary>Reads one answer, trimmed; null at the end of input. A story change is handled while waiting: the loop then shows the new state (empty answer).</summary>
    private string? Read()
    {
        _screen.Prompt();
        while (true)
        {
            var e = _input.Take();
            switch (e.Kind)
            {
                case PlayEventKind.EndOfInput:
                    return null;
                case PlayEventKind.StoryChanged when e.Change > _handledChange:
                    Thread.Sleep(_settings.WatchDebounce);
                    _handledChange = _input.LatestChange;
                    if (Reload())
                    {
                        return string.Empty;
                    }

                    _screen.Prompt();
                    break;
                case PlayEventKind.Line:
                    if (_echo)
                    {
                        _screen.Echo(e.Text);
                    }

                    return e.Text.Trim();
                default:
                    break;
            }
        }
    }

    /// <summary>Runs a command typed at a prompt: Quit, Continue (show the current step again), or null (not a command).</summary>
    private int? Command(string answer)
    {
        var space = answer.IndexOf(' ', StringComparison.Ordinal);
        var verb = (space < 0 ? answer : answer[..space]).ToLowerInvariant();
        var argument = space < 0 ? null : answer[(space + 1)..].Trim();
        switch (verb)
        {
            case "q" or "quit" or "exit":
                _screen.Plain("Bye.");
                return Quit;
            case "b" or "back" or "undo":
                return Back();
            case "r" or "restart":
                Restart();
                return Continue;
            case "s" or "save":
                Save(string.IsNullOrEmpty(argument) ? _defaultSavePath : argument);
                return Continue;
            case "l" or "load":
                var path = string.IsNullOrEmpty(argument) ? _defaultSavePath : argument;
                var error = Load(path);
                if (error is not null)
                {
                    _screen.Problem($"error: {error}");
                    return Continue;
                }

                _screen.Rule($"loaded {path}");
                return Continue;
            case "i" or "inv" or "inventory":
                ShowInventory();
                return Continue;
            case "v" or "vars" or "variables":
                ShowVariables();
                return Continue;
            case "h" or "help" or "?":
                ShowHelp();
                return Continue;
            default:
                return null;
        }
    }

    private int Back()
    {
        if (_turns.Count == 0)
        {
            _screen.Warn(_origin is null ? "Nothing to undo: no choice has been made yet." : "Nothing to undo since the save was loaded.");
            return Continue;
        }

        var turn = _turns[^1];
        _turns.RemoveAt(_turns.Count - 1);
        var restored = _story.Restore(turn.AtPrompt, SessionOptions());
        if (!restored.Success)
        {
            _screen.Problem($"error: cannot go back: {restored.Error}");
            return Continue;
        }

        _session = restored.Session!;
        _passage = [.. turn.Passage];
        _screen.Rule($"back: undid '{turn.OptionText}'");
        ShowPassage();
        return Continue;
    }

    private void Restart()
    {
        if (_settings.Seed is null)
        {
            _seed = NewSeed();
        }

        _session = _story.CreateSession(SessionOptions());
        _origin = null;
        _turns = [];
        _passage = [];
        _screen.Rule("restart");
    }

    private void Save(string path)
    {
        var error = SaveFile.Write(path, _session.Save().ToJson());
        if (error is null)
        {
            _screen.Info($"Saved to {path}. Load it with 'load {path}', or: gamebook play --load {path}");
        }
        else
        {
            _screen.Problem($"error: {error}");
        }
    }

    private void ShowInventory()
    {
        var items = _session.Inventory.Items;
        if (items.Count == 0)
        {
            _screen.Info("Your inventory is empty.");
            return;
        }

        _screen.Table("Inventory", ["item", "count"], items.OrderBy(i => i.Key, StringComparer.Ordinal)
            .Select(i => new[] { i.Key, i.Value.ToString(CultureInfo.InvariantCulture) }));
    }

    private void ShowVariables()
    {
        var rows = new List<string[]>();
        foreach (var variable in _story.Variables)
        {
            string value;
            try
            {
                value = _session.TryGetVariable(variable.Name, out var v) ? v.ToString() : "?";
            }
            catch (InvalidOperationException e)
            {
                value = $"(fails: {e.Message})";
            }

            rows.Add([variable.Name, variable.Type.ToString(), value]);
        }

        if (rows.Count == 0)
        {
            _screen.Info("The story has no variables.");
            return;
        }

        _screen.Table(string.Create(CultureInfo.InvariantCulture, $"Variables (seed {_seed})"), ["name", "type", "value"], rows);
    }

    private void ShowHelp()
    {
        _screen.Table("Commands", ["type", "to"],
        [
            ["1, 2, ...", "choose that option"],
            ["back (b)", "undo the last choice"],
            ["save [FILE] (s)", $"save the game (default {_defaultSavePath})"],
            ["load [FILE] (l)", "load a save"],
            ["restart (r)", "start again from the beginning"],
            ["inventory (i)", "list your items"],
            ["vars (v)", "list the story's variables"],
            ["quit (q)", "stop playing"],
        ]);
    }

    private void ShowPassage()
    {
        foreach (var shown in _passage)
        {
            if (shown.Kind == StepKind.Line)
            {
                _screen.Line(shown.Line);
            }
            else
            {
                _screen.Command(shown.Text);
            }
        }
    }

    /// <summary>Recompiles after a change and replays the choices into the new story. False when it kept the old one.</summary>
    private bool Reload()
    {
        var sources = StoryFiles.Read(_settings.Files, new StringWriter());
        var changed = string.Join(", ", _settings.Files.Select(Path.GetFileName));
        if (sources is null)
        {
            _screen.Rule($"{changed} changed");
            _screen.Warn("A story file cannot be read now; still playing the previous version.");
            return false;
        }

        var result = StoryCompiler.Compile(sources);
        if (result.HasErrors || result.Story is null)
        {
            _screen.Rule($"{changed} changed");
            var text = new StringWriter();
            DiagnosticText.Write([.. result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)], sources, text);
            foreach (var line in text.ToString().ReplaceLineEndings("\n").TrimEnd('\n').Split('\n'))
            {
                _screen.Plain(line);
            }

            _screen.Warn("The new version has errors; still playing the previous version. Fix them and save again.");
            return false;
        }

        var story = result.Story;
        StorySession session;
        if (_origin is not null)
        {
            var restored = story.Restore(_origin, SessionOptions());
            if (!restored.Success)
            {
                _screen.Rule($"{changed} changed");
                _screen.Warn($"The loaded save does not fit the new version ({restored.Error}); still playing the previous version.");
                return false;
            }

            session = restored.Session!;
        }
        else if (!story.ContainsNode(_settings.StartNode))
        {
            _screen.Rule($"{changed} changed");
            _screen.Warn($"The new version has no node '{_settings.StartNode}'; still playing the previous version.");
            return false;
        }
        else
        {
            session = story.CreateSession(SessionOptions());
        }

        var replay = ChoiceReplay.Run(session, _turns);
        _story = story;
        _session = replay.Session;
        _passage = replay.Passage;
        var total = _turns.Count;
        _turns = replay.Turns;
        _screen.Rule(string.Create(CultureInfo.InvariantCulture, $"{changed} changed: replayed {replay.Turns.Count} of {total} choice{(total == 1 ? "" : "s")}"));
        if (replay.StoppedBecause is { } reason)
        {
            _screen.Warn($"Replay stopped: {reason}");
        }

        ShowPassage();
        return true;
    }

    private SessionOptions SessionOptions() => new() { StartNode = _settings.StartNode, Seed = _seed };

    private static ulong NewSeed() => BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8));
}
