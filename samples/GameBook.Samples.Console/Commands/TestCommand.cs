using System.CommandLine;
using System.Globalization;
using GameBook.Authoring.Playtesting;
using GameBook.Runtime;

namespace GameBook.Samples.Console;

/// <summary>What <c>gamebook test</c> runs.</summary>
/// <param name="Files">The story files, compiled together.</param>
/// <param name="Playthroughs">How many playthroughs.</param>
/// <param name="Seed">The master seed each playthrough's seed derives from.</param>
/// <param name="Parallel">How many workers the pool runs.</param>
public sealed record TestSettings(IReadOnlyList<string> Files, int Playthroughs = PlaytestDefaults.Playthroughs, ulong Seed = 0, int? Parallel = null)
{
    /// <summary>Where to write the JSON report; null writes none.</summary>
    public string? JsonPath { get; init; }

    /// <summary>The node playthroughs start at.</summary>
    public string StartNode { get; init; } = "Start";

    /// <summary>Steps after which a playthrough is stopped and reported as a possible endless loop.</summary>
    public int MaxSteps { get; init; } = PlaytestDefaults.MaxStepsPerPlaythrough;
}

/// <summary>
/// <c>gamebook test FILE...</c>: automated playtesting. The playthroughs are split into slices run by GameBook.Authoring's
/// playtester as jobs on a GameBook.Workers pool; a live line shows playthroughs and selections per second, coverage,
/// the time left, CPU and the memory level. Ctrl+C stops and prints the partial report. Exit code 1 when a
/// playthrough met a runtime error, hung, or was soft-locked (an option set with no available option).
/// </summary>
public static class TestCommand
{
    /// <summary>Exit code when Ctrl+C stopped the run and it found no problem (128 + SIGINT, as shells report it).</summary>
    public const int ExitInterrupted = 130;

    private const int PlaythroughsPerSlice = 250;

    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var files = new Argument<string[]>("FILE") { Arity = ArgumentArity.OneOrMore, Description = "The .yarn files, compiled together." };
        var count = new Option<int>("-n", "--playthroughs") { Description = "How many playthroughs (default 1000).", DefaultValueFactory = _ => PlaytestDefaults.Playthroughs };
        var seed = new Option<ulong>("--seed") { Description = "Master seed: the same seed plays the same playthroughs (default 0)." };
        var parallel = new Option<int?>("--parallel", "-p") { Description = "Workers in the pool (default: the processor count)." };
        var json = new Option<string>("--json") { Description = "Also write the full report as JSON to this file." };
        var start = new Option<string>("--start") { Description = "The node to start from.", DefaultValueFactory = _ => "Start" };
        var maxSteps = new Option<int>("--max-steps") { Description = "Steps before a playthrough counts as an endless loop (default 10000).", DefaultValueFactory = _ => PlaytestDefaults.MaxStepsPerPlaythrough };
        var command = new Command("test", "Play many seeded random playthroughs on the worker pool and report coverage, endings and problems; exit code 1 on runtime errors or soft-locks.")
        {
            files, count, seed, parallel, json, start, maxSteps,
        };
        command.SetAction(r =>
        {
            GameBookCli.HandleInterrupt();
            return RunAsync(
                new TestSettings(r.GetValue(files)!, r.GetValue(count), r.GetValue(seed), r.GetValue(parallel))
                {
                    JsonPath = r.GetValue(json),
                    StartNode = r.GetValue(start)!,
                    MaxSteps = r.GetValue(maxSteps),
                },
                context).GetAwaiter().GetResult();
        });
        return command;
    }

    /// <summary>Runs the command: 0 no problem, 1 problems (or compile errors), 2 unreadable files, 130 interrupted.</summary>
    public static async Task<int> RunAsync(TestSettings settings, CliContext context)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(context);
        var invalid = settings.Playthroughs is < 1 or > 100_000_000 ? "-n must be from 1 to 100000000."
            : settings.Parallel is < 1 or > 1024 ? "--parallel must be from 1 to 1024."
            : settings.MaxSteps < 1 ? "--max-steps must be at least 1."
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

        if (!story.ContainsNode(settings.StartNode))
        {
            context.Error.WriteLine($"error: the story has no node named '{settings.StartNode}'.");
            return StoryFiles.ExitStoryError;
        }

        var workers = settings.Parallel ?? Environment.ProcessorCount;
        var slices = Slices(settings.Playthroughs, workers);
        var progress = new SliceProgress[slices.Count];
        for (var i = 0; i < progress.Length; i++)
        {
            progress[i] = new SliceProgress();
        }

        await using var host = await ToolHost.StartAsync(workers, slices.Count, CancellationToken.None).ConfigureAwait(false);
        var live = new LiveProgress(context, host);
        var all = new PlaytestJobs(host.Pool!).Submit(
            story,
            slices,
            s => new PlaytestOptions
            {
                MasterSeed = settings.Seed,
                FirstPlaythrough = s.First,
                Playthroughs = s.Count,
                MaxStepsPerPlaythrough = settings.MaxSteps,
                MaxDegreeOfParallelism = 1,
                Timeout = Timeout.InfiniteTimeSpan,
                Session = new SessionOptions { StartNode = settings.StartNode },
            },
            i => progress[i],
            context.Cancellation);

        while (!all.IsCompleted)
        {
            await Task.WhenAny(all, Task.Delay(live.Interval, context.Time, CancellationToken.None)).ConfigureAwait(false);
            if (!all.IsCompleted)
            {
                live.Show(Describe(progress.Select(p => p.Latest), settings.Playthroughs, live.Elapsed));
            }
        }

        live.Clear();
        var interrupted = context.Cancellation.IsCancellationRequested;
        if (all.IsFaulted && !interrupted)
        {
            context.Error.WriteLine($"error: a playtest job failed: {all.Exception!.InnerException!.Message}");
            return StoryFiles.ExitUsage;
        }

        List<PlaytestReport> reports = all.IsCompletedSuccessfully ? [.. all.Result.OfType<PlaytestReport>()] : [];

        if (reports.Count == 0)
        {
            context.Output.WriteLine("Interrupted before any playthrough finished: no report.");
            return ExitInterrupted;
        }

        var report = PlaytestReport.Merge(reports);
        context.Output.Write(report.ToText());
        if (settings.JsonPath is { } path)
        {
            if (SaveFile.Write(path, report.ToJson()) is { } error)
            {
                context.Error.WriteLine($"error: {error}");
                return StoryFiles.ExitUsage;
            }

            context.Output.WriteLine($"Report written to {path}.");
        }

        var problems = report.CountOf(PlaytestProblemKind.StoryError) + report.CountOf(PlaytestProblemKind.Hung)
            + report.CountOf(PlaytestProblemKind.StrategyFailed) + report.CountOf(PlaytestProblemKind.NoAvailableOption);
        var c = CultureInfo.InvariantCulture;
        var done = report.PlaythroughsCompleted;
        context.Output.WriteLine();
        if (problems > 0)
        {
            context.Output.WriteLine(string.Create(c,
                $"FAILED: {report.CountOf(PlaytestProblemKind.StoryError):N0} runtime error(s), {report.CountOf(PlaytestProblemKind.NoAvailableOption):N0} soft-lock(s), {report.CountOf(PlaytestProblemKind.Hung) + report.CountOf(PlaytestProblemKind.StrategyFailed):N0} hung or failed playthrough(s) in {done:N0} playthroughs. Replay one with: gamebook transcript or Playtester.Replay and the seed above."));
        }
        else if (interrupted || report.IsPartial)
        {
            context.Output.WriteLine(string.Create(c, $"INTERRUPTED after {done:N0} of {settings.Playthroughs:N0} playthroughs: no runtime error or soft-lock so far."));
        }
        else
        {
            var loops = report.CountOf(PlaytestProblemKind.StepLimit);
            context.Output.WriteLine(string.Create(c, $"OK: no runtime error or soft-lock in {done:N0} playthroughs{(loops > 0 ? $" ({loops:N0} hit the step limit: check for endless loops)" : "")}."));
        }

        return problems > 0 ? StoryFiles.ExitStoryError : interrupted || report.IsPartial ? ExitInterrupted : StoryFiles.ExitOk;
    }

    /// <summary>Slices of about 250 playthroughs, at least four per worker when there are enough, so the pool stays busy to the end.</summary>
    internal static List<SliceSpec> Slices(int playthroughs, int workers)
    {
        var count = (int)Math.Clamp(Math.Max((long)workers * 4, (playthroughs + PlaythroughsPerSlice - 1) / PlaythroughsPerSlice), 1, playthroughs);
        var slices = new List<SliceSpec>(count);
        long first = 0;
        for (var s = 0; s < count; s++)
        {
            var n = (playthroughs / count) + (s < playthroughs % count ? 1 : 0);
            slices.Add(new SliceSpec(first, n));
            first += n;
        }

        return slices;
    }

    /// <summary>The progress line's parts (with the order they are dropped in on a narrow terminal), from each slice's latest totals.</summary>
    internal static List<(string Text, int Drop)> Describe(IEnumerable<PlaytestProgress> slices, int requested, TimeSpan elapsed)
    {
        long done = 0, selections = 0;
        double lines = 0, options = 0;
        foreach (var p in slices)
        {
            done += p.PlaythroughsCompleted;
            selections += p.Selections;
            lines = Math.Max(lines, p.LineCoveragePercent);
            options = Math.Max(options, p.OptionCoveragePercent);
        }

        var seconds = Math.Max(elapsed.TotalSeconds, 0.001);
        var rate = done / seconds;
        var eta = rate > 0 ? LiveProgress.Duration(TimeSpan.FromSeconds((requested - done) / rate)) : "-";
        var c = CultureInfo.InvariantCulture;
        return
        [
            (string.Create(c, $"{done:N0}/{requested:N0} playthroughs"), 0),
            (string.Create(c, $"{rate:N0} playthroughs/s"), 4),
            (string.Create(c, $"{selections / seconds:N0} selections/s"), 5),
            (string.Create(c, $"coverage \u2265 {lines:0.0}% lines, {options:0.0}% options"), 6),
            ("ETA " + eta, 1),
        ];
    }

    /// <summary>The latest running totals one slice reported.</summary>
    private sealed class SliceProgress : IProgress<PlaytestProgress>
    {
        private PlaytestProgress _latest;
        private readonly Lock _gate = new();

        public PlaytestProgress Latest
        {
            get
            {
                lock (_gate)
                {
                    return _latest;
                }
            }
        }

        public void Report(PlaytestProgress value)
        {
            lock (_gate)
            {
                _latest = value;
            }
        }
    }
}
