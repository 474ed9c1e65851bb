using System.ComponentModel.DataAnnotations;
using GameBook.Telemetry.Memory;

namespace GameBook.Telemetry.Health;

/// <summary>Options of the GameBook memory health check. Validated on start. Not thread-safe to mutate.</summary>
public sealed class MemoryHealthCheckOptions : IValidatableObject
{
    /// <summary>The memory level from which the check reports Degraded. Default <see cref="MemoryLevel.Warning"/>.</summary>
    [EnumDataType(typeof(MemoryLevel))]
    public MemoryLevel DegradedLevel { get; set; } = MemoryLevel.Warning;

    /// <summary>The memory level from which the check reports Unhealthy. Default <see cref="MemoryLevel.Maximum"/>.</summary>
    [EnumDataType(typeof(MemoryLevel))]
    public MemoryLevel UnhealthyLevel { get; set; } = MemoryLevel.Maximum;

    /// <summary>Checks that <see cref="DegradedLevel"/> is above Normal and not above <see cref="UnhealthyLevel"/>.</summary>
    /// <param name="validationContext">The validation context.</param>
    /// <returns>The errors, if any.</returns>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (DegradedLevel == MemoryLevel.Normal || DegradedLevel > UnhealthyLevel)
        {
            yield return new ValidationResult(
                $"MemoryHealthCheckOptions needs Normal < DegradedLevel <= UnhealthyLevel; got {DegradedLevel}, {UnhealthyLevel}.",
                [nameof(DegradedLevel), nameof(UnhealthyLevel)]);
        }
    }
}
