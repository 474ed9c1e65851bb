using GameBook.Runtime;

namespace GameBook.Authoring.Exploration;

/// <summary>
/// Explores every state a story can reach, breadth-first from its entry nodes, branching on every available option and
/// every random outcome, and reports the endings reached (each with a shortest witness), soft-locks, runtime errors,
/// content never reached and the values variables took. Bounded by states, memory, time and cancellation: it always
/// returns a report, saying whether the exploration was complete and, if not, what stopped it.
/// Thread-safe: any number of explorations may run at once on one story.
/// </summary>
/// <remarks>
/// The exploring runs on dedicated background threads. When the time bound passes or the token is cancelled while a
/// thread is stuck in a host function that never returns, the report is returned anyway and that thread is abandoned:
/// it exits by itself if the function ever returns.
/// </remarks>
public static class StoryExplorer
{
    /// <summary>Explores <paramref name="story"/> and waits for the report.</summary>
    /// <param name="story">A compiled story.</param>
    /// <param name="options">Bounds and settings; null uses the defaults.</param>
    /// <param name="progress">Receives progress at most every <see cref="ExplorationOptions.ProgressInterval"/>, and once at the end.</param>
    /// <param name="cancellationToken">Stops the exploration; the report of what was found so far is still returned.</param>
    /// <returns>The report. Story problems and bounds never throw; they are in the report.</returns>
    /// <exception cref="ArgumentException">An option is out of range (a programming error).</exception>
    public static ExplorationReport Explore(Story story, ExplorationOptions? options = null, IProgress<ExplorationProgress>? progress = null, CancellationToken cancellationToken = default) =>
        ExploreAsync(story, options, progress, cancellationToken).GetAwaiter().GetResult();

    /// <summary>Explores <paramref name="story"/>; the returned task completes with the report.</summary>
    /// <param name="story">A compiled story.</param>
    /// <param name="options">Bounds and settings; null uses the defaults.</param>
    /// <param name="progress">Receives progress at most every <see cref="ExplorationOptions.ProgressInterval"/>, and once at the end.</param>
    /// <param name="cancellationToken">Stops the exploration; the task still completes with the report of what was found so far.</param>
    /// <returns>The report. Story problems and bounds never throw; they are in the report.</returns>
    /// <exception cref="ArgumentException">An option is out of range (a programming error).</exception>
    public static Task<ExplorationReport> ExploreAsync(Story story, ExplorationOptions? options = null, IProgress<ExplorationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(story);
        options ??= new ExplorationOptions();
        options.Validate();
        return new ExplorationRun(story, options, progress, cancellationToken).RunAsync();
    }
}
