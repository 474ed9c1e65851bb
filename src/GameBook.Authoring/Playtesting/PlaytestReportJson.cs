using System.Text.Json;
using System.Text.Json.Serialization;
using GameBook.Runtime;

namespace GameBook.Authoring.Playtesting;

/// <summary>Reads and writes <see cref="PlaytestReport"/> JSON through a source-generated context (AOT-safe).</summary>
internal static class PlaytestReportJson
{
    public static string Write(PlaytestReport report) => JsonSerializer.Serialize(report, PlaytestJsonContext.Default.PlaytestReport);

    public static PlaytestReportReadResult Read(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            // The version first: a newer format may not even have the shape this version reads.
            var probe = JsonSerializer.Deserialize(json, PlaytestJsonContext.Default.FormatVersionProbe);
            if (probe?.FormatVersion is not { } version)
            {
                return Fail("The JSON is not a playtest report: it has no formatVersion field.");
            }

            if (version != PlaytestReport.CurrentFormatVersion)
            {
                return Fail(version > PlaytestReport.CurrentFormatVersion
                    ? $"The playtest report has format version {version}, newer than this version of GameBook.Authoring reads ({PlaytestReport.CurrentFormatVersion}); update GameBook.Authoring to read it."
                    : $"The playtest report has format version {version}, which no version of GameBook.Authoring wrote (this one reads {PlaytestReport.CurrentFormatVersion}).");
            }

            var report = JsonSerializer.Deserialize(json, PlaytestJsonContext.Default.PlaytestReport);
            return report is null ? Fail("The JSON is null, not a playtest report.") : Validate(report);
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" at line {line + 1}, position {(ex.BytePositionInLine ?? 0) + 1}" : string.Empty;
            return Fail($"The playtest report JSON is malformed{where}: {ex.Message}");
        }
    }

    private static PlaytestReportReadResult Validate(PlaytestReport report)
    {
        string? problem = null;
        if (report.StoryFingerprint is null || report.Slices is null || report.ProblemCounts is null || report.Problems is null
            || report.Nodes is null || report.Lines is null || report.Variables is null)
        {
            problem = "a required field (storyFingerprint, slices, problemCounts, problems, nodes, lines or variables) is missing or null";
        }
        else if (report.Slices.Any(s => s is null || s.Strategy is null || s.First < 0 || s.Count < 0))
        {
            problem = "a slice is null, has no strategy, or has a negative first index or count";
        }
        else if (report.PlaythroughsCompleted < 0 || report.Selections < 0 || report.Steps < 0 || report.ProblemLimit < 0 || report.Elapsed < TimeSpan.Zero)
        {
            problem = "a count or the elapsed time is negative";
        }
        else if (report.Nodes.Select((n, i) => n is null || n.Index != i || n.Hits < 0 || n.Ended < 0 || n.UniqueName is null || n.Name is null || n.File is null).Any(bad => bad))
        {
            problem = "a node entry is null, out of order (index must equal position), has negative counts or lacks its names";
        }
        else if (report.Lines.Select((l, i) => l is null || l.Index != i || l.Hits < 0 || l.Offered < 0 || l.Id is null || l.Node is null || l.File is null || l.Text is null || !Enum.IsDefined(l.Kind)).Any(bad => bad))
        {
            problem = "a line entry is null, out of order (index must equal position), has negative counts or lacks its id, node, file or text";
        }
        else if (report.ProblemCounts.Any(c => c is null || c.Count < 0 || !Enum.IsDefined(c.Kind)))
        {
            problem = "a problem count is null, negative or of an unknown kind";
        }
        else if (report.Problems.Any(p => p is null || p.Message is null || !Enum.IsDefined(p.Kind)))
        {
            problem = "a problem is null, has no message or is of an unknown kind";
        }
        else if (report.Variables.Any(v => v is null || v.Name is null || v.Type is null || v.Buckets is null || v.Limit < 0 || v.Other < 0 || v.Buckets.Any(b => b is null || b.Value is null || b.Count < 0)))
        {
            problem = "a variable histogram is null, lacks its name, type or buckets, or has negative counts";
        }
        else if (!Enum.IsDefined(report.StopReason))
        {
            problem = "the stop reason is unknown";
        }

        return problem is null ? new PlaytestReportReadResult(report, null) : Fail($"The playtest report is inconsistent: {problem}.");
    }

    private static PlaytestReportReadResult Fail(string error) => new(null, error);
}

/// <summary>Only the version field, read before anything else.</summary>
internal sealed class FormatVersionProbe
{
    public int? FormatVersion { get; set; }
}

[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    AllowTrailingCommas = false,
    ReadCommentHandling = JsonCommentHandling.Disallow)]
[JsonSerializable(typeof(PlaytestReport))]
[JsonSerializable(typeof(FormatVersionProbe))]
[JsonSerializable(typeof(StoryErrorKind))]
internal sealed partial class PlaytestJsonContext : JsonSerializerContext;
