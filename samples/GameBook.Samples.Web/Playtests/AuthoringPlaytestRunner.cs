using System.Text.Json;
using GameBook.Authoring.Playtesting;
using GameBook.Runtime;
using GameBook.Samples.Web.Sessions;
using AuthoringProgress = GameBook.Authoring.Playtesting.PlaytestProgress;
using PlaytesterOptions = GameBook.Authoring.Playtesting.PlaytestOptions;

namespace GameBook.Samples.Web.Playtests;

/// <summary>
/// Plays a batch slice with GameBook.Authoring's playtester: one thread per slice (the worker pool runs the slices
/// in parallel), playthrough seeds derived from the batch seed and the playthrough index, so slices merge into the
/// report one run of the whole batch gives. Thread-safe (shares nothing between calls).
/// </summary>
internal sealed class AuthoringPlaytestRunner : IPlaytestRunner
{
    public async Task<IPlaytestReport> RunAsync(Story story, PlaytestSlice slice, IProgress<PlaytestProgress> progress, CancellationToken cancellationToken)
    {
        var options = new PlaytesterOptions
        {
            MasterSeed = slice.BatchSeed,
            FirstPlaythrough = slice.First,
            Playthroughs = slice.Count,
            MaxStepsPerPlaythrough = slice.MaxSteps,
            MaxDegreeOfParallelism = 1,
            Session = new GameBook.Runtime.SessionOptions { StartNode = SessionService.StartNode },
        };
        var report = await Playtester.RunAsync(story, options, new DeltaProgress(progress), cancellationToken).ConfigureAwait(false);

        // The playtester returns a partial report when canceled; a batch treats its cancellation as the end of it.
        cancellationToken.ThrowIfCancellationRequested();
        return new Report(report);
    }

    /// <summary>The playtester reports running totals; the batch adds up what each slice did since its last report.</summary>
    private sealed class DeltaProgress(IProgress<PlaytestProgress> inner) : IProgress<AuthoringProgress>
    {
        private readonly Lock _gate = new();
        private long _playthroughs;
        private long _selections;

        public void Report(AuthoringProgress value)
        {
            int playthroughs;
            long selections;
            lock (_gate)
            {
                playthroughs = (int)Math.Max(0, value.PlaythroughsCompleted - _playthroughs);
                selections = Math.Max(0, value.Selections - _selections);
                _playthroughs = Math.Max(_playthroughs, value.PlaythroughsCompleted);
                _selections = Math.Max(_selections, value.Selections);
            }

            if (playthroughs > 0 || selections > 0)
            {
                inner.Report(new PlaytestProgress(playthroughs, selections));
            }
        }
    }

    private sealed class Report(PlaytestReport report) : IPlaytestReport
    {
        public IPlaytestReport Merge(IPlaytestReport other) =>
            new Report(PlaytestReport.Merge([report, ((Report)other).Value]));

        public void WriteTo(Utf8JsonWriter writer) => writer.WriteRawValue(report.ToJson());

        private PlaytestReport Value => report;
    }
}
