using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;
using GameBook.Resilience;
using GameBook.Telemetry.Dashboard;
using GameBook.Telemetry.Memory;
using Microsoft.Extensions.Options;

namespace GameBook.Samples.Web.Operations;

/// <summary>
/// Builds what <c>/api/dashboard</c> and each event of <c>/api/dashboard/stream</c> carry: one JSON object with the
/// <see cref="TelemetryDashboard"/>'s snapshot (<c>telemetry</c>, serialized with GameBook.Telemetry's own
/// source-generated context), the memory thresholds, every circuit breaker from <see cref="IResilienceMonitor"/>
/// (<c>breakers</c>), the request statistics (<c>requests</c>) and, with the Orleans store, the cluster's silos and active
/// sessions (<c>cluster</c>). Thread-safe: every part is read from thread-safe sources.
/// </summary>
internal sealed class OperationsSnapshotWriter(
    TelemetryDashboard dashboard,
    IResilienceMonitor resilience,
    RequestStatistics requests,
    IOptionsMonitor<MemoryAlertOptions> memoryOptions,
    IHostEnvironment environment,
    TimeProvider timeProvider,
    Cluster.ClusterStatus? cluster = null)
{
    /// <summary>Writes one snapshot with <paramref name="window"/> of history, as UTF-8 JSON on one line.</summary>
    /// <param name="window">How much of each time series to include.</param>
    /// <returns>The JSON.</returns>
    public byte[] Write(TimeSpan window)
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            var memory = memoryOptions.CurrentValue;
            writer.WriteStartObject();
            writer.WriteString("timestamp", timeProvider.GetUtcNow());
            writer.WriteString("environment", environment.EnvironmentName);
            writer.WriteNumber("windowSeconds", (long)window.TotalSeconds);
            writer.WritePropertyName("thresholds");
            JsonSerializer.Serialize(writer, new MemoryThresholds(memory.WarningPercent, memory.CriticalPercent, memory.MaximumPercent), OperationsJsonContext.Default.MemoryThresholds);
            writer.WritePropertyName("telemetry");
            JsonSerializer.Serialize(writer, dashboard.GetSnapshot(window), TelemetryJson.DashboardSnapshot);
            writer.WritePropertyName("breakers");
            JsonSerializer.Serialize(writer, Breakers(), OperationsJsonContext.Default.IReadOnlyListBreakerStatus);
            writer.WritePropertyName("requests");
            JsonSerializer.Serialize(writer, requests.GetSnapshot(window), OperationsJsonContext.Default.RequestStatisticsSnapshot);
            if (cluster is not null)
            {
                writer.WritePropertyName("cluster");
                JsonSerializer.Serialize(writer, cluster.Current, OperationsJsonContext.Default.ClusterStatusReading);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private List<BreakerStatus> Breakers()
    {
        var all = resilience.GetAll();
        var result = new List<BreakerStatus>(all.Count);
        foreach (var status in all)
        {
            result.Add(new BreakerStatus(
                status.Name,
                status.HasCircuitBreaker,
                status.BreakerState?.ToString(),
                status.BreakerStateSince,
                status.BreakEndsAt,
                status.WindowLength.TotalSeconds,
                CallCounts.From(status.Window),
                CallCounts.From(status.Totals),
                status.Retries,
                status.TransitionCount,
                status.LastFailure is { } failure ? new LastFailure(failure.Outcome.ToString(), failure.ExceptionType, failure.Message, failure.Timestamp) : null));
        }

        return result;
    }
}

/// <summary>The memory alert thresholds in force (percent of the memory limit). Immutable.</summary>
internal sealed record MemoryThresholds(double WarningPercent, double CriticalPercent, double MaximumPercent);

/// <summary>One resilience pipeline and its circuit breaker as the dashboard shows it. Immutable.</summary>
internal sealed record BreakerStatus(
    string Name,
    bool HasCircuitBreaker,
    string? State,
    DateTimeOffset? StateSince,
    DateTimeOffset? BreakEndsAt,
    double WindowSeconds,
    CallCounts Window,
    CallCounts Totals,
    long Retries,
    long TransitionCount,
    LastFailure? LastFailure);

/// <summary>Calls through a pipeline by outcome (failures include timeouts). Immutable.</summary>
internal sealed record CallCounts(long Calls, long Successes, long Failures, long Timeouts, long Rejections, long Canceled)
{
    public static CallCounts From(PipelineCounts counts) =>
        new(counts.Calls, counts.Successes, counts.Failures + counts.Timeouts, counts.Timeouts, counts.Rejections, counts.Canceled);
}

/// <summary>The last call through a pipeline that did not succeed. Immutable.</summary>
internal sealed record LastFailure(string Outcome, string ExceptionType, string Message, DateTimeOffset Timestamp);

/// <summary>Source-generated JSON (camelCase) of the operations parts of the dashboard snapshot. Thread-safe.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(MemoryThresholds))]
[JsonSerializable(typeof(IReadOnlyList<BreakerStatus>))]
[JsonSerializable(typeof(RequestStatisticsSnapshot))]
[JsonSerializable(typeof(Cluster.ClusterStatusReading))]
internal sealed partial class OperationsJsonContext : JsonSerializerContext;
