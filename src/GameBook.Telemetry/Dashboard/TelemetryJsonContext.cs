using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using GameBook.Telemetry.Memory;

namespace GameBook.Telemetry.Dashboard;

/// <summary>
/// System.Text.Json source-generated metadata for the dashboard snapshot and memory alerts (camelCase, enums
/// as strings): AOT- and trim-safe. Exposed through <see cref="TelemetryJson"/>. Thread-safe.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(DashboardSnapshot))]
[JsonSerializable(typeof(MemoryAlert))]
internal sealed partial class TelemetryJsonContext : JsonSerializerContext;

/// <summary>
/// JSON (source-generated, AOT-safe) for what GameBook.Telemetry publishes: the dashboard snapshot and memory
/// alerts, camelCase, enums as strings. Thread-safe.
/// </summary>
public static class TelemetryJson
{
    /// <summary>Type info of <see cref="Dashboard.DashboardSnapshot"/>, e.g. for <c>JsonSerializer.Serialize(snapshot, TelemetryJson.DashboardSnapshot)</c>.</summary>
    public static JsonTypeInfo<DashboardSnapshot> DashboardSnapshot => TelemetryJsonContext.Default.DashboardSnapshot;

    /// <summary>Type info of <see cref="Memory.MemoryAlert"/> (the webhook sink's request body).</summary>
    public static JsonTypeInfo<MemoryAlert> MemoryAlert => TelemetryJsonContext.Default.MemoryAlert;

    /// <summary>A resolver to chain into a host's JSON options (<c>TypeInfoResolverChain.Add</c>).</summary>
    public static IJsonTypeInfoResolver Resolver => TelemetryJsonContext.Default;
}
