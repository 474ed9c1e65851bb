using GameBook.Runtime;

namespace GameBook.Authoring.Playtesting;

/// <summary>
/// Automated playtesting: runs many seeded playthroughs of a story, choosing options with an
/// <see cref="IChoiceStrategy"/>, on as many threads as asked, and reports coverage, endings, problems with the seeds
/// that reproduce them, and variable histograms. Thread-safe: any number of runs may go on at once.
/// </summary>
/// <remarks>
/// Playthroughs run on dedicated background threads, so a host function that never returns cannot stall the
/// thread pool; when the time bound passes, such a playthrough is abandoned (its thread is left to finish on its
/// own, as .NET cannot stop a thread) and reported as <see cref="PlaytestProblemKind.Hung"/>.
/// </remarks>
public static class Playtester
{
    private const int ChunkSize = 4;

    /// <summary>
    /// The seed of playthrough <paramref name="index"/> of a run with <paramref name="masterSeed"/> (SplitMix64 of both).
    /// A playthrough depends only on its seed, the story and the options, never on the thread that runs it.
    /// </summary>
    public static ulong PlaythroughSeed(ulong masterSeed, long index) => PlaytestRandom.DeriveSeed(masterSeed, index);

    /// <summary>
    /// Runs playthroughs <see cref="PlaytestOptions.FirstPlaythrough"/> to <c>FirstPlaythrough + Playthroughs - 1</c>.
    /// Never throws for what the story does: errors, endless loops, failing or hanging host functions come back in the
    /// report. Cancellation and the time bound also return a report, flagged <see cref="PlaytestReport.IsPartial"/>.
    /// </summary>
    /// <param name="story">The compiled story.</param>
    /// <param name="options">How to run; null uses the defaults.</param>
    /// <param name="progress">Hears about progress every <see cref="PlaytestOptions.ProgressInterval"/> and at the end.</param>
    /// <param name="cancellationToken">Stops the run; the report then covers the playthroughs that finished.</param>
    /// <exception cref="ArgumentException">Options out of range, or a tracked variable the story does not have.</exception>
    public static async Task<PlaytestReport> RunAsync(Story story, PlaytestOptions? options = null, IProgress<PlaytestProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(story);
        options ??= new PlaytestOptions();
        options.Validate();
        var index = PlaytestStoryIndex.For(story);
        var tracked = index.TrackedVariables(options.TrackedVariables);
        var time = options.TimeProvider;
        var started = time.GetTimestamp();
        var slice = new PlaytestSlice(options.ChoiceStrategy.Name, options.MasterSeed, options.FirstPlaythrough, options.Playthroughs);
        var coverage = new SharedCoverage(story);
        if (!story.ContainsNode(options.Session.StartNode))
        {
            return PlaytestTally.ToReport([new PlaytestTally(index, coverage, tracked, options)], [slice], PlaytestStopReason.StartNodeMissing,
                $"The story has no node named '{options.Session.StartNode}' to start at; set PlaytestOptions.Session.StartNode.", time.GetElapsedTime(started));
        }

        using var timeout = options.Timeout == Timeout.InfiniteTimeSpan ? null : new CancellationTokenSource(options.Timeout, time);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout?.Token ?? CancellationToken.None);
        var run = new Run(index, options, tracked, coverage, stop.Token);
        var workers = (int)Math.Min(options.MaxDegreeOfParallelism, Math.Max(1, (options.Playthroughs + ChunkSize - 1) / ChunkSize));
        var tasks = new Task[workers];
        for (var w = 0; w < workers; w++)
        {
            tasks[w] = run.StartWorker();
        }

        var all = Task.WhenAll(tasks);
        while (!all.IsCompleted && !stop.IsCancellationRequested)
        {
            using var tick = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
            var delay = Task.Delay(progress is null ? Timeout.InfiniteTimeSpan : options.ProgressInterval, time, tick.Token);
            await Task.WhenAny(all, delay).ConfigureAwait(false);
            await tick.CancelAsync().ConfigureAwait(false);
            if (!all.IsCompleted && !stop.IsCancellationRequested)
            {
                progress?.Report(run.Progress(time.GetElapsedTime(started)));
            }
        }

        if (!all.IsCompleted && options.StopGracePeriod > TimeSpan.Zero)
        {
            // Playthroughs see the stop at their next step; only one stuck in a host call outlives the grace period.
            await Task.WhenAny(all, Task.Delay(options.StopGracePeriod, time, CancellationToken.None)).ConfigureAwait(false);
        }

        var report = run.Finish(slice, time.GetElapsedTime(started), cancellationToken.IsCancellationRequested);
        progress?.Report(run.Progress(report.Elapsed));
        return report;
    }

    /// <summary>
    /// Replays the playthrough with <paramref name="seed"/> (as printed in a report) and records everything it did,
    /// so an author can see how a problem or an ending was reached. With the options of the run that printed the seed,
    /// it does exactly what that playthrough did. Bounded like a run: by the step limit, and by
    /// <see cref="PlaytestOptions.Timeout"/> and <paramref name="cancellationToken"/> (then the outcome is
    /// <see cref="PlaythroughOutcome.Hung"/>).
    /// </summary>
    /// <exception cref="ArgumentException">Options out of range, or the story has no node named by <see cref="SessionOptions.StartNode"/>.</exception>
    public static PlaythroughTranscript Replay(Story story, ulong seed, PlaytestOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(story);
        options ??= new PlaytestOptions();
        options.Validate();
        if (!story.ContainsNode(options.Session.StartNode))
        {
            throw new ArgumentException($"The story has no node named '{options.Session.StartNode}' to start at.", nameof(options));
        }

        var runner = new PlaythroughRunner(PlaytestStoryIndex.For(story), options);
        runner.RecordTranscript();
        using var timeout = options.Timeout == Timeout.InfiniteTimeSpan ? null : new CancellationTokenSource(options.Timeout, options.TimeProvider);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout?.Token ?? CancellationToken.None);
        var token = stop.Token;
        var done = new ManualResetEventSlim();
        var thread = new Thread(() =>
        {
            try
            {
                runner.Run(-1, seed, token);
            }
            finally
            {
                done.Set();
            }
        })
        {
            IsBackground = true,
            Name = "GameBook playtest replay",
        };
        thread.Start();
        try
        {
            done.Wait(token);
        }
        catch (OperationCanceledException)
        {
            // Give a playthrough that is between steps the chance to see the stop; one stuck in a host call is abandoned.
            done.Wait(options.StopGracePeriod, CancellationToken.None);
        }

        if (!done.IsSet || runner.Outcome == RunOutcome.Interrupted)
        {
            var message = "The playthrough did not finish before the time bound or cancellation" + (runner.LastNode >= 0 ? $" (last in node {story.Nodes[runner.LastNode].UniqueName})." : ".");
            return new PlaythroughTranscript(seed, PlaythroughOutcome.Hung, null,
                [new PlaytestProblem(PlaytestProblemKind.Hung, -1, seed, null, message, runner.LastNode >= 0 ? story.Nodes[runner.LastNode].UniqueName : null, null, 0, 0, 0)],
                [], 0, 0);
        }

        done.Dispose();
        var problems = new List<PlaytestProblem>();
        if (runner.NoOption is { } noOption)
        {
            problems.Add(noOption);
        }

        if (runner.Terminal is { } terminal)
        {
            problems.Add(terminal);
        }

        var outcome = runner.Outcome switch
        {
            RunOutcome.Ended => PlaythroughOutcome.Ended,
            RunOutcome.StepLimit => PlaythroughOutcome.StepLimit,
            RunOutcome.StoryError => PlaythroughOutcome.StoryError,
            _ => PlaythroughOutcome.StrategyFailed,
        };
        var endNode = runner.EndNode >= 0 ? story.Nodes[runner.EndNode].UniqueName : null;
        var transcript = new PlaythroughTranscript(seed, outcome, endNode, problems, [.. runner.Transcript!], runner.Steps, runner.Selections);
        runner.Release();
        return transcript;
    }

    /// <summary>One run's shared state: the next playthrough index to claim, and the workers.</summary>
    private sealed class Run(PlaytestStoryIndex index, PlaytestOptions options, IReadOnlyList<StoryVariableInfo> tracked, SharedCoverage coverage, CancellationToken token)
    {
        private readonly List<Worker> _workers = [];
        private readonly long _end = options.FirstPlaythrough + options.Playthroughs;
        private long _next = options.FirstPlaythrough;

        public Task StartWorker()
        {
            var worker = new Worker(new PlaythroughRunner(index, options), new PlaytestTally(index, coverage, tracked, options));
            _workers.Add(worker);
            var thread = new Thread(() => Work(worker))
            {
                IsBackground = true,
                Name = "GameBook playtest worker",
            };
            thread.Start();
            return worker.Done.Task;
        }

        public PlaytestProgress Progress(TimeSpan elapsed)
        {
            long completed = 0, selections = 0;
            foreach (var worker in _workers)
            {
                completed += worker.Tally.Completed;
                selections += worker.Tally.Selections;
            }

            return new PlaytestProgress
            {
                PlaythroughsCompleted = completed,
                PlaythroughsRequested = options.Playthroughs,
                Selections = selections,
                SelectionsPerSecond = elapsed > TimeSpan.Zero ? selections / elapsed.TotalSeconds : 0,
                Elapsed = elapsed,
                NodeCoveragePercent = coverage.NodePercent,
                LineCoveragePercent = coverage.LinePercent,
                OptionCoveragePercent = coverage.OptionPercent,
            };
        }

        /// <summary>Seals every tally (abandoning workers still running) and combines them.</summary>
        public PlaytestReport Finish(PlaytestSlice slice, TimeSpan elapsed, bool cancelled)
        {
            var allDone = true;
            foreach (var worker in _workers)
            {
                worker.Tally.Seal();
                if (!worker.Done.Task.IsCompleted)
                {
                    allDone = false;
                    if (worker.Current is var playthrough and >= 0)
                    {
                        var seed = PlaythroughSeed(options.MasterSeed, playthrough);
                        var last = worker.Runner.LastNode;
                        var node = last >= 0 ? index.Story.Nodes[last] : null;
                        worker.Tally.AddAbandoned(new PlaytestProblem(PlaytestProblemKind.Hung, playthrough, seed, null,
                            $"Still running when the run stopped (after the {options.StopGracePeriod.TotalSeconds:0.###} s grace period); abandoned. A host function or the choice strategy did not return{(node is null ? "" : $", last in node {node.UniqueName}")}.",
                            node?.UniqueName, node?.File, node?.Line ?? 0, 0, 0));
                    }
                }
            }

            var completed = _workers.Sum(w => w.Tally.Completed);
            var reason = allDone && completed == options.Playthroughs
                ? PlaytestStopReason.Completed
                : cancelled ? PlaytestStopReason.Cancelled : PlaytestStopReason.TimedOut;
            return PlaytestTally.ToReport([.. _workers.Select(w => w.Tally)], [slice], reason, null, elapsed);
        }

        private void Work(Worker worker)
        {
            try
            {
                while (!token.IsCancellationRequested)
                {
                    var first = Interlocked.Add(ref _next, ChunkSize) - ChunkSize;
                    if (first >= _end)
                    {
                        return;
                    }

                    var last = Math.Min(first + ChunkSize, _end);
                    for (var i = first; i < last; i++)
                    {
                        worker.Current = i;
                        if (!Play(worker, i))
                        {
                            return;
                        }
                    }
                }
            }
            finally
            {
                worker.Current = -1;
                worker.Done.TrySetResult();
            }
        }

        /// <summary>Plays and commits playthrough <paramref name="playthrough"/>; false when the run is stopping.</summary>
        private bool Play(Worker worker, long playthrough)
        {
            var seed = PlaythroughSeed(options.MasterSeed, playthrough);
            try
            {
                worker.Runner.Run(playthrough, seed, token);
                if (worker.Runner.Outcome == RunOutcome.Interrupted)
                {
                    return false;
                }

                worker.Tally.Commit(worker.Runner);
            }
#pragma warning disable CA1031 // Nothing a story or host code does may escape a run: it is reported for its seed.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                worker.Tally.CommitFailure(new PlaytestProblem(PlaytestProblemKind.StoryError, playthrough, seed, null,
                    $"The playthrough failed with {ex.GetType().Name}: {ex.Message}", null, null, 0, worker.Runner.Steps, worker.Runner.Selections));
            }
            finally
            {
                worker.Runner.Release();
            }

            return true;
        }
    }

    private sealed class Worker(PlaythroughRunner runner, PlaytestTally tally)
    {
        private long _current = -1;

        public PlaythroughRunner Runner { get; } = runner;

        public PlaytestTally Tally { get; } = tally;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>The index of the playthrough being played, or -1; read by the coordinator when it abandons the worker.</summary>
        public long Current
        {
            get => Volatile.Read(ref _current);
            set => Volatile.Write(ref _current, value);
        }
    }
}
