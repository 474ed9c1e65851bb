using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.Json;
using GameBook.Authoring.Exploration;
using GameBook.Runtime;

namespace GameBook.Samples.Console;

/// <summary>What <c>gamebook explore</c> explores.</summary>
/// <param name="Files">The story files, compiled together.</param>
public sealed record ExploreSettings(IReadOnlyList<string> Files)
{
    /// <summary>Stop after this many distinct states.</summary>
    public long MaxStates { get; init; } = ExplorationDefaults.MaxStates;

    /// <summary>Stop before the explorer's memory estimate passes this many bytes.</summary>
    public long MaxMemoryBytes { get; init; } = ExplorationDefaults.MaxMemoryBytes;

    /// <summary>Stop after this long; null for no bound.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Where to write the findings as JSON; null writes none.</summary>
    public string? JsonPath { get; init; }

    /// <summary>Print the replayable transcript of the shortest way to this ending (node name).</summary>
    public string? Witness { get; init; }

    /// <summary>The nodes to explore from.</summary>
    public IReadOnlyList<string> EntryNodes { get; init; } = [ExplorationDefaults.EntryNode];

    /// <summary>Threads the explorer uses.</summary>
    public int Parallel { get; init; } = 1;
}

/// <summary>
/// <c>gamebook explore FILE...</c>: GameBook.Authoring's exhaustive explorer. Prints whether the exploration was complete
/// (a proof, up to its bounds), each reachable ending with its shortest witness, soft-locks, runtime errors, and content
/// never reached; <c>--witness ENDING</c> prints the way to that ending as a transcript. Live progress and Ctrl+C as
/// in <c>test</c>. Exit code 1 when a soft-lock or a runtime error was found.
/// </summary>
public static class ExploreCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var files = new Argument<string[]>("FILE") { Arity = ArgumentArity.OneOrMore, Description = "The .yarn files, compiled together." };
        var maxStates = new Option<long>("--max-states") { Description = "Stop after this many distinct states (default 10000000).", DefaultValueFactory = _ => ExplorationDefaults.MaxStates };
        var maxMemory = new Option<long>("--max-memory")
        {
            Description = "Memory budget for visited states, e.g. 512MB, 2GB (default 1GB).",
            DefaultValueFactory = _ => ExplorationDefaults.MaxMemoryBytes,
            CustomParser = r => ParseSize(r),
        };
        var timeout = new Option<TimeSpan?>("--timeout") { Description = "Stop after this long, e.g. 30s, 5m, 1h (default: none).", CustomParser = r => ParseDuration(r) };
        var json = new Option<string>("--json") { Description = "Also write the findings as JSON to this file." };
        var witness = new Option<string>("--witness") { Description = "Print the shortest way to this ending (its node name) as a transcript." };
        var start = new Option<string[]>("--start") { Description = "Node(s) to explore from (default Start).", AllowMultipleArgumentsPerToken = true };
        var parallel = new Option<int>("--parallel", "-p") { Description = "Threads to explore on (default 1).", DefaultValueFactory = _ => 1 };
        var command = new Command("explore", "Explore every reachable state of a story: endings with witnesses, soft-locks, never-reached content; exit code 1 on soft-locks or runtime errors.")
        {
            files, maxStates, maxMemory, timeout, json, witness, start, parallel,
        };
        command.SetAction(r =>
        {
            GameBookCli.HandleInterrupt();
            var entries = r.GetValue(start);
            return RunAsync(
                new ExploreSettings(r.GetValue(files)!)
                {
                    MaxStates = r.GetValue(maxStates),
                    MaxMemoryBytes = r.GetValue(maxMemory),
                    Timeout = r.GetValue(timeout),
                    JsonPath = r.GetValue(json),
                    Witness = r.GetValue(witness),
                    EntryNodes = entries is { Length: > 0 } ? entries : [ExplorationDefaults.EntryNode],
                    Parallel = r.GetValue(parallel),
                },
                context).GetAwaiter().GetResult();
        });
        return command;
    }

    /// <summary>Runs the command: 0 nothing wrong found, 1 soft-locks, errors or a missing ending/entry, 2 unreadable files, 130 stopped by Ctrl+C with nothing wrong found.</summary>
    public static async Task<int> RunAsync(ExploreSettings settings, CliContext context)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(context);
        var invalid = settings.MaxStates is < 1 or > int.MaxValue - 1 ? "--max-states must be from 1 to 2147483646."
            : settings.Parallel is < 1 or > 1024 ? "--parallel must be from 1 to 1024."
            : settings.MaxMemoryBytes < 1 ? "--max-memory must be positive."
            : null;
        if (invalid is not null)
        {
            context.Error.WriteLine($"error: {invalid}");
            return StoryFiles.ExitUsage;
        }

        var (result, exit) = StoryFiles.Compile(settings.Files, context.Error);
        if (result?.Story is not { } story)
        {
            return exit;
        }

        foreach (var entry in settings.EntryNodes)
        {
            if (!story.ContainsNode(entry))
            {
                context.Error.WriteLine($"error: the story has no node named '{entry}' to explore from.");
                return StoryFiles.ExitStoryError;
            }
        }

        await using var host = await ToolHost.StartAsync(null, 0, CancellationToken.None).ConfigureAwait(false);
        var live = new LiveProgress(context, host);
        var progress = new LatestProgress();
        var options = new ExplorationOptions
        {
            EntryNodes = settings.EntryNodes,
            MaxStates = settings.MaxStates,
            MaxMemoryBytes = settings.MaxMemoryBytes,
            Timeout = settings.Timeout,
            MaxDegreeOfParallelism = settings.Parallel,
            ProgressInterval = TimeSpan.FromMilliseconds(250),
        };
        var exploring = StoryExplorer.ExploreAsync(story, options, progress, context.Cancellation);
        while (!exploring.IsCompleted)
        {
            await Task.WhenAny(exploring, Task.Delay(live.Interval, context.Time, CancellationToken.None)).ConfigureAwait(false);
            if (!exploring.IsCompleted && progress.Latest is { } p)
            {
                var rate = p.StatesVisited / Math.Max(p.Elapsed.TotalSeconds, 0.001);
                var c = CultureInfo.InvariantCulture;
                live.Show(
                [
                    (string.Create(c, $"{p.StatesVisited:N0} states"), 0),
                    (string.Create(c, $"{rate:N0} states/s"), 4),
                    (string.Create(c, $"depth {p.Depth}"), 5),
                    (string.Create(c, $"frontier {p.FrontierSize:N0}"), 6),
                    (string.Create(c, $"~{p.EstimatedMemoryBytes / (1024.0 * 1024):N0} of {settings.MaxMemoryBytes / (1024.0 * 1024):N0} MB"), 1),
                ]);
            }
        }

        live.Clear();
        var report = await exploring.ConfigureAwait(false);
        context.Output.Write(report.ToString());
        if (settings.JsonPath is { } path)
        {
            if (SaveFile.Write(path, Json(report)) is { } error)
            {
                context.Error.WriteLine($"error: {error}");
                return StoryFiles.ExitUsage;
            }

            context.Output.WriteLine($"Findings written to {path}.");
        }

        var code = report.SoftLocks.Count > 0 || report.Errors.Count > 0 || report.StopReason is ExplorationStopReason.EntryNodeMissing or ExplorationStopReason.Faulted
            ? StoryFiles.ExitStoryError
            : report.StopReason == ExplorationStopReason.Cancelled ? TestCommand.ExitInterrupted : StoryFiles.ExitOk;
        context.Output.WriteLine();
        context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{(report.IsComplete ? "Complete" : "INCOMPLETE (" + report.StopReason + ")")}: {report.Endings.Count} ending(s) reachable, {report.SoftLocks.Count} soft-lock(s), {report.Errors.Count} runtime error(s), {report.UnreachedNodes.Count} node(s) never reached."));
        if (settings.Witness is { } wanted)
        {
            var ending = report.Endings.FirstOrDefault(e => string.Equals(e.Node.Name, wanted, StringComparison.OrdinalIgnoreCase) || string.Equals(e.Node.UniqueName, wanted, StringComparison.OrdinalIgnoreCase));
            if (ending?.Witness is not { } w)
            {
                var known = report.Endings.Count == 0 ? "none was reached" : "reachable endings: " + string.Join(", ", report.Endings.Select(e => e.Node.Name));
                context.Error.WriteLine($"error: no reachable ending named '{wanted}' ({known}).");
                return StoryFiles.ExitStoryError;
            }

            WriteWitness(story, ending.Node, w, settings.Files, context.Output);
        }

        return code;
    }

    private static void WriteWitness(Story story, StoryNodeInfo node, Witness witness, IReadOnlyList<string> files, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"The shortest way to {node.Name} ({witness.Length} decisions): {witness}"));
        foreach (var line in witness.Replay(story).Lines)
        {
            output.WriteLine("  " + line);
        }

        if (witness.Steps.All(s => s.Draws.Count == 0))
        {
            var choices = witness.Steps.Where(s => s.Option != WitnessStep.Continue).Select(s => s.Option == StorySession.NoOption ? "0" : (s.Option + 1).ToString(CultureInfo.InvariantCulture));
            var start = witness.EntryNode == ExplorationDefaults.EntryNode ? "" : $" --start {witness.EntryNode}";
            output.WriteLine($"Replay it: gamebook transcript {string.Join(' ', files)}{start} --choices {string.Join(',', choices)}");
        }
        else
        {
            output.WriteLine("It depends on random draws (shown in brackets), so 'gamebook transcript' cannot replay it with --choices alone.");
        }
    }

    private static string Json(ExplorationReport report)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteNumber("formatVersion", 1);
            json.WriteBoolean("complete", report.IsComplete);
            json.WriteString("stopReason", report.StopReason.ToString());
            json.WriteString("stopDetail", report.StopDetail);
            json.WriteNumber("states", report.StatesVisited);
            json.WriteNumber("transitions", report.Transitions);
            json.WriteNumber("depth", report.Depth);
            json.WriteNumber("seconds", report.Elapsed.TotalSeconds);
            json.WriteBoolean("sampled", report.IsSampled);
            json.WriteStartArray("endings");
            foreach (var e in report.Endings)
            {
                json.WriteStartObject();
                Node(json, e.Node);
                Witness(json, e.Witness);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("softLocks");
            foreach (var s in report.SoftLocks)
            {
                json.WriteStartObject();
                json.WriteString("kind", s.Kind.ToString());
                Node(json, s.Node);
                json.WriteNumber("count", s.Count);
                Witness(json, s.Witness);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("errors");
            foreach (var e in report.Errors)
            {
                json.WriteStartObject();
                json.WriteString("kind", e.Error.Kind.ToString());
                json.WriteString("message", e.Error.Message);
                json.WriteNumber("count", e.Count);
                Witness(json, e.Witness);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("unreachedNodes");
            foreach (var n in report.UnreachedNodes)
            {
                json.WriteStartObject();
                Node(json, n);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            Lines(json, "unreachedLines", report.UnreachedLines);
            Lines(json, "unreachedOptions", report.UnreachedOptions);
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Node(Utf8JsonWriter json, StoryNodeInfo node)
    {
        json.WriteString("node", node.UniqueName);
        json.WriteString("file", node.File);
        json.WriteNumber("line", node.Line);
    }

    private static void Witness(Utf8JsonWriter json, Witness? witness)
    {
        if (witness is not null)
        {
            json.WriteString("witness", witness.ToString());
            json.WriteNumber("witnessLength", witness.Length);
        }
    }

    private static void Lines(Utf8JsonWriter json, string name, IReadOnlyList<StoryLineInfo> lines)
    {
        json.WriteStartArray(name);
        foreach (var l in lines)
        {
            json.WriteStartObject();
            json.WriteString("id", l.Id);
            json.WriteString("file", l.File);
            json.WriteNumber("line", l.Line);
            json.WriteString("text", l.Text);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    /// <summary><c>512MB</c>, <c>2GB</c>, <c>800k</c>, <c>1048576</c> → bytes (binary multiples).</summary>
    internal static long ParseSize(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value.Trim() : "";
        if (TryParseSize(text, out var bytes))
        {
            return bytes;
        }

        result.AddError($"--max-memory: '{text}' is not a size: write a number of bytes, or e.g. 512MB, 2GB.");
        return 0;
    }

    internal static bool TryParseSize(string text, out long bytes)
    {
        bytes = 0;
        var units = new (string Suffix, long Factor)[] { ("KIB", 1L << 10), ("MIB", 1L << 20), ("GIB", 1L << 30), ("KB", 1L << 10), ("MB", 1L << 20), ("GB", 1L << 30), ("K", 1L << 10), ("M", 1L << 20), ("G", 1L << 30), ("B", 1) };
        var upper = text.ToUpperInvariant();
        long factor = 1;
        foreach (var (suffix, f) in units)
        {
            if (upper.EndsWith(suffix, StringComparison.Ordinal))
            {
                factor = f;
                upper = upper[..^suffix.Length].TrimEnd();
                break;
            }
        }

        if (!double.TryParse(upper, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n) || n <= 0 || n * factor > long.MaxValue / 2)
        {
            return false;
        }

        bytes = (long)(n * factor);
        return bytes >= 1;
    }

    /// <summary><c>30s</c>, <c>5m</c>, <c>1h</c>, <c>250ms</c> or <c>00:05:00</c>.</summary>
    internal static TimeSpan? ParseDuration(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value.Trim() : "";
        if (TryParseDuration(text, out var duration))
        {
            return duration;
        }

        result.AddError($"--timeout: '{text}' is not a duration: write e.g. 30s, 5m, 1h or 00:05:00.");
        return null;
    }

    internal static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = default;
        var units = new (string Suffix, double Seconds)[] { ("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600) };
        foreach (var (suffix, seconds) in units)
        {
            if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && double.TryParse(text[..^suffix.Length], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n)
                && n > 0 && n * seconds < TimeSpan.MaxValue.TotalSeconds / 2)
            {
                duration = TimeSpan.FromSeconds(n * seconds);
                return true;
            }
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out duration) && duration > TimeSpan.Zero;
    }

    /// <summary>The latest progress the explorer reported.</summary>
    private sealed class LatestProgress : IProgress<ExplorationProgress>
    {
        private readonly Lock _gate = new();
        private ExplorationProgress? _latest;

        public ExplorationProgress? Latest
        {
            get
            {
                lock (_gate)
                {
                    return _latest;
                }
            }
        }

        public void Report(ExplorationProgress value)
        {
            lock (_gate)
            {
                _latest = value;
            }
        }
    }
}
