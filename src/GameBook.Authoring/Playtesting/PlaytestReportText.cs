using System.Globalization;
using System.Text;
using GameBook.Runtime;

namespace GameBook.Authoring.Playtesting;

/// <summary>The readable form of a <see cref="PlaytestReport"/>.</summary>
internal static class PlaytestReportText
{
    public static string Write(PlaytestReport report, int maxListed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxListed);
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.Append(c, $"Playtest: {report.PlaythroughsCompleted:N0} of {report.PlaythroughsRequested:N0} playthroughs");
        text.Append(report.StopReason == PlaytestStopReason.Completed ? string.Empty : $" (PARTIAL: {report.StopReason})");
        text.AppendLine();
        if (report.Message is not null)
        {
            text.AppendLine(report.Message);
        }

        foreach (var slice in report.Slices)
        {
            text.Append(c, $"  strategy {slice.Strategy}, master seed {slice.MasterSeed}, playthroughs {slice.First}..{slice.First + slice.Count - 1}").AppendLine();
        }

        text.Append(c, $"  {report.Selections:N0} selections, {report.Steps:N0} steps in {report.Elapsed.TotalSeconds:F2} s ({report.SelectionsPerSecond:N0} selections/s)").AppendLine();
        var lines = report.Lines.Count(l => l.Kind == StoryLineKind.Line);
        var options = report.Lines.Count - lines;
        text.AppendLine();
        text.AppendLine("Coverage");
        text.Append(c, $"  nodes    {report.NodeCoveragePercent,6:F1} %  ({report.Nodes.Count(n => n.Hits > 0)} of {report.Nodes.Count})").AppendLine();
        text.Append(c, $"  lines    {report.LineCoveragePercent,6:F1} %  ({report.Lines.Count(l => l.Kind == StoryLineKind.Line && l.Hits > 0)} of {lines})").AppendLine();
        text.Append(c, $"  options  {report.OptionCoveragePercent,6:F1} %  ({report.Lines.Count(l => l.Kind == StoryLineKind.Option && l.Hits > 0)} of {options} chosen)").AppendLine();

        text.AppendLine();
        text.AppendLine("Endings");
        var endings = report.Endings;
        if (endings.Count == 0)
        {
            text.AppendLine("  (no playthrough ended)");
        }

        foreach (var ending in endings)
        {
            var share = PlaytestReport.Percent(ending.Count, report.PlaythroughsCompleted);
            text.Append(c, $"  {ending.Count,8:N0}  {share,5:F1} %  {ending.Node}{(ending.IsEnding ? string.Empty : "  (not tagged as an ending: a dead end?)")}").AppendLine();
        }

        text.AppendLine();
        text.AppendLine("Problems");
        if (report.ProblemCounts.Count == 0)
        {
            text.AppendLine("  none");
        }

        foreach (var count in report.ProblemCounts)
        {
            text.Append(c, $"  {count.Count,8:N0}  {count.Kind}").AppendLine();
        }

        foreach (var problem in report.Problems.Take(maxListed))
        {
            var where = problem.Node is null ? string.Empty : $" in {problem.Node}";
            var at = problem.File is null ? string.Empty : $" ({problem.File}:{problem.Line})";
            text.Append(c, $"  #{problem.Playthrough} seed {problem.Seed}: {problem.Kind}{(problem.ErrorKind is { } kind ? $"/{kind}" : string.Empty)}{where}{at} at step {problem.Step}: {problem.Message}").AppendLine();
        }

        More(text, report.Problems.Count, maxListed);

        if (report.Variables.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("Variables at the end");
            foreach (var histogram in report.Variables)
            {
                text.Append(c, $"  {histogram.Name} ({histogram.Type})");
                if (histogram.Min is { } min && histogram.Max is { } max)
                {
                    text.Append(c, $" min {min} max {max}");
                }

                text.AppendLine();
                var total = histogram.Buckets.Sum(b => b.Count) + histogram.Other;
                foreach (var bucket in histogram.Buckets.Take(maxListed))
                {
                    text.Append(c, $"    {bucket.Value,12}  {bucket.Count,8:N0}  {PlaytestReport.Percent(bucket.Count, total),5:F1} %").AppendLine();
                }

                var hidden = histogram.Buckets.Skip(maxListed).Sum(b => b.Count) + histogram.Other;
                if (hidden > 0)
                {
                    text.Append(c, $"    {"(other)",12}  {hidden,8:N0}  {PlaytestReport.Percent(hidden, total),5:F1} %").AppendLine();
                }
            }
        }

        List(text, "Nodes never entered", report.UnreachedNodes.Select(n => $"{n.UniqueName} ({n.File}:{n.Line})").ToList(), maxListed);
        List(text, "Lines never shown", report.UnreachedLines.Select(l => $"{l.File}:{l.Line} [{l.Node}] {l.Text}").ToList(), maxListed);
        List(text, "Options never chosen", report.UnchosenOptions.Select(l => $"{l.File}:{l.Line} [{l.Node}] {l.Text}{(l.Offered == 0 ? "  (never offered)" : string.Empty)}").ToList(), maxListed);
        return text.ToString();
    }

    private static void List(StringBuilder text, string title, List<string> items, int maxListed)
    {
        text.AppendLine();
        text.Append(CultureInfo.InvariantCulture, $"{title} ({items.Count})").AppendLine();
        foreach (var item in items.Take(maxListed))
        {
            text.Append("  ").AppendLine(item);
        }

        More(text, items.Count, maxListed);
    }

    private static void More(StringBuilder text, int count, int maxListed)
    {
        if (count > maxListed)
        {
            text.Append(CultureInfo.InvariantCulture, $"  ... and {count - maxListed} more").AppendLine();
        }
    }
}
