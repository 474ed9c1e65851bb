using System.Text.Json.Serialization;
using GameBook.Runtime;

namespace GameBook.Authoring.Playtesting;

/// <summary>
/// What a playtest run found: endings with counts, per-node, per-line and per-option hit counts and coverage,
/// never-reached content, problems with the seeds that reproduce them, and histograms of variables at the end.
/// Reports of runs over the same story merge (<see cref="Merge(IEnumerable{PlaytestReport})"/>), so hosts can
/// split a run across workers. Immutable and thread-safe.
/// </summary>
public sealed partial class PlaytestReport
{
    /// <summary>The JSON format version this library writes and reads.</summary>
    public const int CurrentFormatVersion = 1;

    [JsonConstructor]
    internal PlaytestReport(
        int formatVersion,
        string storyFingerprint,
        IReadOnlyList<PlaytestSlice> slices,
        long playthroughsCompleted,
        PlaytestStopReason stopReason,
        string? message,
        long selections,
        long steps,
        TimeSpan elapsed,
        int problemLimit,
        IReadOnlyList<PlaytestProblemCount> problemCounts,
        IReadOnlyList<PlaytestProblem> problems,
        IReadOnlyList<NodeCoverage> nodes,
        IReadOnlyList<LineCoverage> lines,
        IReadOnlyList<VariableHistogram> variables)
    {
        FormatVersion = formatVersion;
        StoryFingerprint = storyFingerprint;
        Slices = slices;
        PlaythroughsCompleted = playthroughsCompleted;
        StopReason = stopReason;
        Message = message;
        Selections = selections;
        Steps = steps;
        Elapsed = elapsed;
        ProblemLimit = problemLimit;
        ProblemCounts = problemCounts;
        Problems = problems;
        Nodes = nodes;
        Lines = lines;
        Variables = variables;
    }

    /// <summary>The format version (<see cref="CurrentFormatVersion"/>).</summary>
    public int FormatVersion { get; }

    /// <summary>The <see cref="Story.Fingerprint"/> of the story played; only reports of the same story merge.</summary>
    public string StoryFingerprint { get; }

    /// <summary>The playthrough ranges requested, in order (adjacent ranges of one seed and strategy joined).</summary>
    public IReadOnlyList<PlaytestSlice> Slices { get; }

    /// <summary>Playthroughs requested in all <see cref="Slices"/>.</summary>
    public long PlaythroughsRequested => Slices.Sum(s => s.Count);

    /// <summary>Playthroughs that finished and are counted (an interrupted or abandoned playthrough is not).</summary>
    public long PlaythroughsCompleted { get; }

    /// <summary>Why the run stopped (for merged reports, the most serious reason of the parts).</summary>
    public PlaytestStopReason StopReason { get; }

    /// <summary>True when not every requested playthrough is counted: the run was cancelled, timed out or could not start.</summary>
    public bool IsPartial => StopReason != PlaytestStopReason.Completed || PlaythroughsCompleted < PlaythroughsRequested;

    /// <summary>Why the run could not start, or null.</summary>
    public string? Message { get; }

    /// <summary>Options chosen in the counted playthroughs.</summary>
    public long Selections { get; }

    /// <summary>Steps (calls to <c>StorySession.Next</c>) in the counted playthroughs.</summary>
    public long Steps { get; }

    /// <summary>Wall-clock time of the run (for merged reports, the sum of the parts').</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>Options chosen per second of <see cref="Elapsed"/>.</summary>
    [JsonIgnore]
    public double SelectionsPerSecond => Elapsed > TimeSpan.Zero ? Selections / Elapsed.TotalSeconds : 0;

    /// <summary>At most this many problems are listed in <see cref="Problems"/> (those of the lowest playthrough indexes).</summary>
    public int ProblemLimit { get; }

    /// <summary>How many playthroughs had each kind of problem (all of them, listed or not), by kind.</summary>
    public IReadOnlyList<PlaytestProblemCount> ProblemCounts { get; }

    /// <summary>Problems with the seeds that reproduce them, by playthrough index; at most <see cref="ProblemLimit"/>.</summary>
    public IReadOnlyList<PlaytestProblem> Problems { get; }

    /// <summary>Every node of the story, in <see cref="Story.Nodes"/> order, with hit and ending counts.</summary>
    public IReadOnlyList<NodeCoverage> Nodes { get; }

    /// <summary>Every line and option text of the story, in <see cref="Story.Lines"/> order, with hit counts.</summary>
    public IReadOnlyList<LineCoverage> Lines { get; }

    /// <summary>Histograms of the tracked variables at the end of playthroughs, by name.</summary>
    public IReadOnlyList<VariableHistogram> Variables { get; }

    /// <summary>The nodes playthroughs ended in, most frequent first.</summary>
    public IReadOnlyList<EndingCount> Endings => Nodes
        .Where(n => n.Ended > 0)
        .OrderByDescending(n => n.Ended)
        .ThenBy(n => n.UniqueName, StringComparer.Ordinal)
        .Select(n => new EndingCount(n.UniqueName, n.IsEnding, n.Ended))
        .ToList();

    /// <summary>Percentage (0-100) of nodes entered at least once; 100 for a story without nodes.</summary>
    public double NodeCoveragePercent => Percent(Nodes.Count(n => n.Hits > 0), Nodes.Count);

    /// <summary>Percentage (0-100) of lines shown at least once.</summary>
    public double LineCoveragePercent => Percent(Lines.Count(l => l.Kind == StoryLineKind.Line && l.Hits > 0), Lines.Count(l => l.Kind == StoryLineKind.Line));

    /// <summary>Percentage (0-100) of options chosen at least once.</summary>
    public double OptionCoveragePercent => Percent(Lines.Count(l => l.Kind == StoryLineKind.Option && l.Hits > 0), Lines.Count(l => l.Kind == StoryLineKind.Option));

    /// <summary>Nodes no playthrough entered.</summary>
    [JsonIgnore]
    public IEnumerable<NodeCoverage> UnreachedNodes => Nodes.Where(n => n.Hits == 0);

    /// <summary>Lines no playthrough showed.</summary>
    [JsonIgnore]
    public IEnumerable<LineCoverage> UnreachedLines => Lines.Where(l => l.Kind == StoryLineKind.Line && l.Hits == 0);

    /// <summary>Options no playthrough chose (see <see cref="LineCoverage.Offered"/> for whether they were offered).</summary>
    [JsonIgnore]
    public IEnumerable<LineCoverage> UnchosenOptions => Lines.Where(l => l.Kind == StoryLineKind.Option && l.Hits == 0);

    /// <summary>How many playthroughs had problems of <paramref name="kind"/>.</summary>
    public long CountOf(PlaytestProblemKind kind)
    {
        foreach (var count in ProblemCounts)
        {
            if (count.Kind == kind)
            {
                return count.Count;
            }
        }

        return 0;
    }

    /// <summary>Merges this report with <paramref name="other"/> (see <see cref="Merge(IEnumerable{PlaytestReport})"/>).</summary>
    public PlaytestReport Merge(PlaytestReport other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Merge([this, other]);
    }

    /// <summary>
    /// Combines reports of runs over the same story into one: counts add up, histograms combine exactly, problems keep
    /// the lowest playthrough indexes, slices join. Merging the slices of one run (same master seed and strategy,
    /// different <see cref="PlaytestOptions.FirstPlaythrough"/>) gives exactly the report of the whole run (apart from
    /// <see cref="Elapsed"/>, which adds up).
    /// </summary>
    /// <exception cref="ArgumentException">No reports; reports of different stories or with different node or line
    /// tables; or two reports that both cover a playthrough of the same master seed and strategy.</exception>
    public static PlaytestReport Merge(IEnumerable<PlaytestReport> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        return PlaytestReportMerger.Merge([.. reports]);
    }

    /// <summary>The report as indented JSON with a <c>formatVersion</c> field (see <see cref="FromJson"/>).</summary>
    public string ToJson() => PlaytestReportJson.Write(this);

    /// <summary>
    /// Reads a report written by <see cref="ToJson"/>. Never throws for bad input: malformed JSON, a missing or
    /// unsupported <c>formatVersion</c> (say, a report from a newer version), or inconsistent content come back as
    /// an error in the result.
    /// </summary>
    public static PlaytestReportReadResult FromJson(string json) => PlaytestReportJson.Read(json);

    /// <summary>The report as readable text: summary, endings, coverage, problems with seeds, histograms, never-reached content.</summary>
    /// <param name="maxListed">At most this many entries per list (never-reached content, problems); the rest are counted.</param>
    public string ToText(int maxListed = 50) => PlaytestReportText.Write(this, maxListed);

    /// <inheritdoc/>
    public override string ToString() =>
        $"{PlaythroughsCompleted}/{PlaythroughsRequested} playthroughs, nodes {NodeCoveragePercent:F1} %, lines {LineCoveragePercent:F1} %, options {OptionCoveragePercent:F1} %";

    internal static double Percent(long part, long whole) => whole == 0 ? 100 : 100.0 * part / whole;
}

/// <summary>The outcome of <see cref="PlaytestReport.FromJson"/>: a report or an error. Immutable and thread-safe.</summary>
public sealed class PlaytestReportReadResult
{
    internal PlaytestReportReadResult(PlaytestReport? report, string? error)
    {
        Report = report;
        Error = error;
    }

    /// <summary>True when <see cref="Report"/> was read.</summary>
    public bool Success => Report is not null;

    /// <summary>The report, or null on failure.</summary>
    public PlaytestReport? Report { get; }

    /// <summary>What was wrong with the JSON, or null on success.</summary>
    public string? Error { get; }
}
