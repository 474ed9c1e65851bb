using System.Text.Json;
using GameBook.Runtime;

namespace GameBook.Samples.Web.Playtests;

/// <summary>
/// Runs one slice of a playtest batch: playthroughs <see cref="PlaytestSlice.First"/> ..
/// <see cref="PlaytestSlice.First"/> + <see cref="PlaytestSlice.Count"/> - 1, each seeded from the batch seed and its
/// index, reporting progress after each playthrough. The batch runs its slices in parallel on the worker pool and
/// merges their reports. This is the seam for GameBook.Authoring's playtester. Implementations must be thread-safe
/// (slices of one batch run at the same time).
/// </summary>
internal interface IPlaytestRunner
{
    /// <summary>Plays the slice; throws <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> fires.</summary>
    Task<IPlaytestReport> RunAsync(Story story, PlaytestSlice slice, IProgress<PlaytestProgress> progress, CancellationToken cancellationToken);
}

/// <summary>A slice's or a whole batch's report: merges with the reports of other slices, and writes itself as JSON. Immutable.</summary>
internal interface IPlaytestReport
{
    /// <summary>This report and <paramref name="other"/> (another slice of the same batch) as one.</summary>
    IPlaytestReport Merge(IPlaytestReport other);

    /// <summary>Writes the report as one JSON object.</summary>
    void WriteTo(Utf8JsonWriter writer);
}

/// <summary>Which playthroughs of a batch a slice plays (each seeded from the batch seed and its index), and with what limits. Immutable.</summary>
internal readonly record struct PlaytestSlice(ulong BatchSeed, int First, int Count, int MaxSteps);

/// <summary>Progress since the previous report: playthroughs finished and options chosen. Immutable.</summary>
internal readonly record struct PlaytestProgress(int Playthroughs, long Selections);
