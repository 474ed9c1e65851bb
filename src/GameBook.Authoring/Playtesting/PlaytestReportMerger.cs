using System.Globalization;

namespace GameBook.Authoring.Playtesting;

/// <summary>Combines reports exactly: sums, exact histogram merges (lowest values kept), lowest-index problems.</summary>
internal static class PlaytestReportMerger
{
    public static PlaytestReport Merge(IReadOnlyList<PlaytestReport> reports)
    {
        if (reports.Count == 0)
        {
            throw new ArgumentException("Merging needs at least one report.", nameof(reports));
        }

        var first = reports[0];
        foreach (var report in reports)
        {
            ArgumentNullException.ThrowIfNull(report, nameof(reports));
            if (report.StoryFingerprint != first.StoryFingerprint)
            {
                throw new ArgumentException($"Reports of different stories do not merge (story fingerprints {first.StoryFingerprint} and {report.StoryFingerprint}).", nameof(reports));
            }

            if (report.Nodes.Count != first.Nodes.Count || report.Lines.Count != first.Lines.Count)
            {
                throw new ArgumentException($"Reports with different node or line tables do not merge ({first.Nodes.Count} and {report.Nodes.Count} nodes, {first.Lines.Count} and {report.Lines.Count} lines).", nameof(reports));
            }
        }

        var slices = JoinSlices(reports.SelectMany(r => r.Slices));
        var reason = reports.Select(r => r.StopReason).Max();
        var message = reports.Select(r => r.Message).FirstOrDefault(m => m is not null);
        return Combine(reports, slices, reason, message, TimeSpan.FromTicks(reports.Sum(r => r.Elapsed.Ticks)));
    }

    /// <summary>Sums the counts of <paramref name="reports"/> (same story, already checked) under the given run facts.</summary>
    public static PlaytestReport Combine(IReadOnlyList<PlaytestReport> reports, IReadOnlyList<PlaytestSlice> slices, PlaytestStopReason reason, string? message, TimeSpan elapsed)
    {
        var first = reports[0];
        var nodeHits = new long[first.Nodes.Count];
        var nodeEnded = new long[first.Nodes.Count];
        var lineHits = new long[first.Lines.Count];
        var lineOffered = new long[first.Lines.Count];
        long completed = 0, selections = 0, steps = 0;
        var problemCounts = new long[Enum.GetValues<PlaytestProblemKind>().Length];
        foreach (var report in reports)
        {
            completed += report.PlaythroughsCompleted;
            selections += report.Selections;
            steps += report.Steps;
            for (var i = 0; i < nodeHits.Length; i++)
            {
                nodeHits[i] += report.Nodes[i].Hits;
                nodeEnded[i] += report.Nodes[i].Ended;
            }

            for (var i = 0; i < lineHits.Length; i++)
            {
                lineHits[i] += report.Lines[i].Hits;
                lineOffered[i] += report.Lines[i].Offered;
            }

            foreach (var count in report.ProblemCounts)
            {
                problemCounts[(int)count.Kind] += count.Count;
            }
        }

        var limit = reports.Min(r => r.ProblemLimit);
        var problems = OrderProblems(reports.SelectMany(r => r.Problems)).Take(limit).ToList();
        var nodes = first.Nodes.Select((n, i) => n.With(nodeHits[i], nodeEnded[i])).ToList();
        var lines = first.Lines.Select((l, i) => l.With(lineHits[i], lineOffered[i])).ToList();
        return new PlaytestReport(
            PlaytestReport.CurrentFormatVersion,
            first.StoryFingerprint,
            slices,
            completed,
            reason,
            message,
            selections,
            steps,
            elapsed,
            limit,
            CountsList(problemCounts),
            problems,
            nodes,
            lines,
            MergeHistograms(reports.SelectMany(r => r.Variables)));
    }

    /// <summary>The problems in report order: playthrough index, then seed, kind and step.</summary>
    public static IEnumerable<PlaytestProblem> OrderProblems(IEnumerable<PlaytestProblem> problems) => problems
        .OrderBy(p => p.Playthrough)
        .ThenBy(p => p.Seed)
        .ThenBy(p => p.Kind)
        .ThenBy(p => p.Step)
        .ThenBy(p => p.Message, StringComparer.Ordinal);

    public static List<PlaytestProblemCount> CountsList(long[] counts)
    {
        var list = new List<PlaytestProblemCount>();
        for (var i = 0; i < counts.Length; i++)
        {
            if (counts[i] > 0)
            {
                list.Add(new PlaytestProblemCount((PlaytestProblemKind)i, counts[i]));
            }
        }

        return list;
    }

    /// <summary>Sorts slices and joins adjacent ones; throws when two cover the same playthrough.</summary>
    public static List<PlaytestSlice> JoinSlices(IEnumerable<PlaytestSlice> slices)
    {
        var sorted = slices
            .Where(s => s.Count > 0)
            .OrderBy(s => s.Strategy, StringComparer.Ordinal)
            .ThenBy(s => s.MasterSeed)
            .ThenBy(s => s.First)
            .ToList();
        var joined = new List<PlaytestSlice>();
        foreach (var slice in sorted)
        {
            if (joined.Count > 0 && joined[^1] is var last && last.Strategy == slice.Strategy && last.MasterSeed == slice.MasterSeed)
            {
                if (slice.First < last.First + last.Count)
                {
                    throw new ArgumentException($"Two reports both cover playthrough {slice.First} of master seed {slice.MasterSeed} ({last} and {slice}); each playthrough may be counted once.", nameof(slices));
                }

                if (slice.First == last.First + last.Count)
                {
                    joined[^1] = new PlaytestSlice(last.Strategy, last.MasterSeed, last.First, last.Count + slice.Count);
                    continue;
                }
            }

            joined.Add(slice);
        }

        return joined;
    }

    /// <summary>Merges histograms by variable name, exactly (see <see cref="Histogram"/>).</summary>
    public static List<VariableHistogram> MergeHistograms(IEnumerable<VariableHistogram> histograms)
    {
        var byName = new SortedDictionary<string, List<VariableHistogram>>(StringComparer.Ordinal);
        foreach (var histogram in histograms)
        {
            if (!byName.TryGetValue(histogram.Name, out var list))
            {
                byName[histogram.Name] = list = [];
            }

            list.Add(histogram);
        }

        var merged = new List<VariableHistogram>(byName.Count);
        foreach (var (name, parts) in byName)
        {
            var type = parts[0].Type;
            var counts = new Dictionary<string, long>(StringComparer.Ordinal);
            long other = 0;
            double? min = null, max = null;
            var limit = int.MaxValue;
            foreach (var part in parts)
            {
                if (part.Type != type)
                {
                    throw new ArgumentException($"{name} is a {type} in one report and a {part.Type} in another.", nameof(histograms));
                }

                // Each part kept its lowest values; those of the union that are among its lowest `limit` are exact.
                limit = Math.Min(limit, part.Limit);
                other += part.Other;
                foreach (var bucket in part.Buckets)
                {
                    counts[bucket.Value] = counts.GetValueOrDefault(bucket.Value) + bucket.Count;
                }

                min = part.Min is { } partMin && (min is null || partMin < min) ? partMin : min;
                max = part.Max is { } partMax && (max is null || partMax > max) ? partMax : max;
            }

            merged.Add(Histogram(name, type, counts, other, min, max, limit));
        }

        return merged;
    }

    /// <summary>Builds a histogram keeping the lowest <paramref name="limit"/> values; the rest go to "other".</summary>
    public static VariableHistogram Histogram(string name, string type, Dictionary<string, long> counts, long other, double? min, double? max, int limit)
    {
        var ordered = counts.OrderBy(c => c.Key, ValueComparer(type)).ToList();
        var buckets = new List<HistogramBucket>(Math.Min(ordered.Count, limit));
        for (var i = 0; i < ordered.Count; i++)
        {
            if (i < limit)
            {
                buckets.Add(new HistogramBucket(ordered[i].Key, ordered[i].Value));
            }
            else
            {
                other += ordered[i].Value;
            }
        }

        return new VariableHistogram(name, type, limit, buckets, other, min, max);
    }

    private static IComparer<string> ValueComparer(string type) => type switch
    {
        "Number" => Comparer<string>.Create(static (a, b) => ParseNumber(a).CompareTo(ParseNumber(b))),
        "Bool" => Comparer<string>.Create(static (a, b) => (a == "true").CompareTo(b == "true")),
        _ => StringComparer.Ordinal,
    };

    private static double ParseNumber(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : double.NaN;
}
