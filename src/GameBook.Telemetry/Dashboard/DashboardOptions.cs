using System.ComponentModel.DataAnnotations;

namespace GameBook.Telemetry.Dashboard;

/// <summary>Options of the <see cref="TelemetryDashboard"/>. Validated on start; read once when the dashboard starts. Not thread-safe to mutate.</summary>
public sealed class DashboardOptions : IValidatableObject
{
    /// <summary>How much history each time series keeps, at one point per second, 1 second to 1 day. Default 10 minutes.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Most instrument-and-tag-set series kept over all instruments; measurements of further tag combinations are
    /// not kept and are counted in <see cref="DashboardSnapshot.OverflowMeasurements"/>. Default 1000.
    /// </summary>
    [Range(1, 1_000_000)]
    public int MaxSeries { get; set; } = 1000;

    /// <summary>
    /// Instrument names (exact, or a prefix ending in <c>*</c>) whose per-second time series are kept; the others
    /// keep only their current value. Empty (the default): every instrument listened to.
    /// </summary>
    public IList<string> TimeSeriesInstruments { get; } = [];

    /// <summary>How many recent alerts a snapshot carries. Default 20.</summary>
    [Range(0, 10_000)]
    public int RecentAlerts { get; set; } = 20;

    /// <summary>Checks that <see cref="Window"/> is in range.</summary>
    /// <param name="validationContext">The validation context.</param>
    /// <returns>The errors, if any.</returns>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Window < TimeSpan.FromSeconds(1) || Window > TimeSpan.FromDays(1))
        {
            yield return new ValidationResult($"Window must be between 1 second and 1 day; got {Window}.", [nameof(Window)]);
        }
    }
}
