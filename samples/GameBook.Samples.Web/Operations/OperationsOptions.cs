using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace GameBook.Samples.Web.Operations;

/// <summary>
/// Options of the web host's operations half (section <c>Operations</c>): the dashboard key, the dashboard's
/// stream and the OTLP exporter. Validated on start; <see cref="DashboardKey"/> is read on every request, so a
/// rotated key applies at once. Not thread-safe to mutate.
/// </summary>
public sealed class OperationsOptions
{
    /// <summary>The configuration section: <c>Operations</c>.</summary>
    public const string SectionName = "Operations";

    /// <summary>
    /// The key that opens the dashboard page and its APIs outside Development, sent as the
    /// <c>X-Dashboard-Key</c> header or the <c>key</c> query parameter. Unset outside Development: the dashboard is
    /// disabled. In Development no key is needed. When set, at least 16 characters.
    /// </summary>
    [MinLength(OperationsDefaults.MinimumKeyLength, ErrorMessage = "Operations:DashboardKey must be at least 16 characters long (use a random value, e.g. 32 hex digits).")]
    public string? DashboardKey { get; set; }

    /// <summary>The dashboard's stream and snapshot settings.</summary>
    [ValidateObjectMembers]
    public DashboardStreamOptions Dashboard { get; set; } = new();

    /// <summary>The OTLP exporter; without an endpoint here or in <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, metrics are served at <c>/metrics</c> for Prometheus instead.</summary>
    [ValidateObjectMembers]
    public OtlpOptions Otlp { get; set; } = new();
}

/// <summary>How the dashboard's snapshots are served. Validated on start. Not thread-safe to mutate.</summary>
public sealed class DashboardStreamOptions : IValidatableObject
{
    /// <summary>Time between two events of <c>/api/dashboard/stream</c>, 100 ms..10 s. Default 1 s.</summary>
    public TimeSpan StreamInterval { get; set; } = OperationsDefaults.StreamInterval;

    /// <summary>History a snapshot carries when the request does not say (<c>?window=</c> seconds), 10 s..1 h. Default 5 minutes.</summary>
    public TimeSpan DefaultWindow { get; set; } = OperationsDefaults.DefaultWindow;

    /// <summary>History the dashboard keeps per series, 1 min..1 h (the most a snapshot can carry). Default 10 minutes.</summary>
    public TimeSpan HistoryWindow { get; set; } = OperationsDefaults.HistoryWindow;

    /// <summary>Checks the time spans' ranges and that <see cref="DefaultWindow"/> fits in <see cref="HistoryWindow"/>.</summary>
    /// <param name="validationContext">The validation context.</param>
    /// <returns>The errors, if any.</returns>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (StreamInterval < TimeSpan.FromMilliseconds(100) || StreamInterval > TimeSpan.FromSeconds(10))
        {
            yield return new ValidationResult($"Operations:Dashboard:StreamInterval must be between 100 ms and 10 s; got {StreamInterval}.", [nameof(StreamInterval)]);
        }

        if (HistoryWindow < TimeSpan.FromMinutes(1) || HistoryWindow > TimeSpan.FromHours(1))
        {
            yield return new ValidationResult($"Operations:Dashboard:HistoryWindow must be between 1 minute and 1 hour; got {HistoryWindow}.", [nameof(HistoryWindow)]);
        }

        if (DefaultWindow < TimeSpan.FromSeconds(10) || DefaultWindow > HistoryWindow)
        {
            yield return new ValidationResult(
                $"Operations:Dashboard:DefaultWindow must be between 10 s and HistoryWindow ({HistoryWindow}); got {DefaultWindow}.", [nameof(DefaultWindow)]);
        }
    }
}

/// <summary>Where OTLP export goes when configured here rather than with the standard <c>OTEL_EXPORTER_OTLP_*</c> variables. Not thread-safe to mutate.</summary>
public sealed class OtlpOptions
{
    /// <summary>The collector's base address, e.g. <c>http://localhost:4317</c> (gRPC) or <c>http://localhost:4318</c> (HTTP). Unset: OTLP only if <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>The protocol for <see cref="Endpoint"/>: <c>Grpc</c> (default) or <c>HttpProtobuf</c>.</summary>
    [EnumDataType(typeof(OtlpProtocol))]
    public OtlpProtocol Protocol { get; set; } = OtlpProtocol.Grpc;
}

/// <summary>The OTLP transport.</summary>
public enum OtlpProtocol
{
    /// <summary>OTLP over gRPC (port 4317 by convention).</summary>
    Grpc,

    /// <summary>OTLP over HTTP with protobuf bodies (port 4318 by convention).</summary>
    HttpProtobuf,
}

/// <summary>Defaults of <see cref="OperationsOptions"/> and the fixed names the operations endpoints use. Constants only.</summary>
public static class OperationsDefaults
{
    /// <summary>Default <see cref="DashboardStreamOptions.StreamInterval"/>: 1 s.</summary>
    public static readonly TimeSpan StreamInterval = TimeSpan.FromSeconds(1);

    /// <summary>Default <see cref="DashboardStreamOptions.DefaultWindow"/>: 5 minutes.</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromMinutes(5);

    /// <summary>Default <see cref="DashboardStreamOptions.HistoryWindow"/>: 10 minutes.</summary>
    public static readonly TimeSpan HistoryWindow = TimeSpan.FromMinutes(10);

    /// <summary>Shortest dashboard key accepted: 16 characters.</summary>
    public const int MinimumKeyLength = 16;

    /// <summary>The request header that carries the dashboard key.</summary>
    public const string KeyHeader = "X-Dashboard-Key";

    /// <summary>The query parameter that carries the dashboard key (for the page and the event stream, which cannot send headers).</summary>
    public const string KeyQuery = "key";

    /// <summary>Name of the story catalog health check.</summary>
    public const string StoryCatalogCheckName = "gamebook-stories";

    /// <summary>Path of the liveness endpoint.</summary>
    public const string LivePath = "/health/live";

    /// <summary>Path of the readiness endpoint.</summary>
    public const string ReadyPath = "/health/ready";

    /// <summary>Path of the Prometheus scrape endpoint (when no OTLP endpoint is configured).</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>Path of one dashboard snapshot.</summary>
    public const string DashboardApiPath = "/api/dashboard";

    /// <summary>Path of the dashboard's server-sent event stream.</summary>
    public const string DashboardStreamPath = "/api/dashboard/stream";
}

/// <summary>Source-generated validator of <see cref="OperationsOptions"/> (key length, nested stream and OTLP options).</summary>
[OptionsValidator]
internal sealed partial class OperationsOptionsValidator : IValidateOptions<OperationsOptions>;
