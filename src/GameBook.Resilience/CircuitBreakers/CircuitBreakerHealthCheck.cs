using System.Globalization;
using GameBook.Resilience.Tracking;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Polly.CircuitBreaker;

namespace GameBook.Resilience.CircuitBreakers;

/// <summary>
/// Reports the circuit breakers of GameBook pipelines (all, or the listed ones): Closed → Healthy, HalfOpen →
/// Degraded, Open → Unhealthy, Open whose break has elapsed by the <see cref="TimeProvider"/> → Degraded ("break
/// elapsed, awaiting probe": Polly reports Open until the next call), Isolated → Unhealthy ("isolated by
/// operator"). The worst breaker decides; the data has one entry per breaker. Thread-safe.
/// </summary>
internal sealed class CircuitBreakerHealthCheck(ResilienceMonitor monitor, IReadOnlyList<string>? pipelines) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var worst = HealthStatus.Healthy;
        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        var problems = new List<string>();
        var breakers = 0;
        foreach (var name in pipelines ?? monitor.PipelineNames)
        {
            var status = monitor.GetStatus(name);
            if (!status.HasCircuitBreaker || status.BreakerState is not { } state)
            {
                continue;
            }

            breakers++;
            var (health, reason) = Assess(status, state);
            data[name] = new Dictionary<string, object>(StringComparer.Ordinal)
            {
                ["state"] = state.ToString(),
                ["health"] = health.ToString(),
                ["reason"] = reason,
                ["since"] = status.BreakerStateSince?.ToString("O", CultureInfo.InvariantCulture) ?? string.Empty,
                ["windowCalls"] = status.Window.Calls,
                ["windowFailures"] = status.Window.Failures + status.Window.Timeouts,
                ["windowRejections"] = status.Window.Rejections,
                ["totalCalls"] = status.Totals.Calls,
                ["totalFailures"] = status.Totals.Failures + status.Totals.Timeouts,
            };
            if (health != HealthStatus.Healthy)
            {
                problems.Add($"{name}: {reason}");
            }

            if (health < worst)
            {
                worst = health;
            }
        }

        var description = problems.Count == 0
            ? $"{breakers} circuit breaker(s) closed."
            : string.Join("; ", problems);
        return Task.FromResult(new HealthCheckResult(worst, description, data: data));
    }

    internal static (HealthStatus Status, string Reason) Assess(PipelineStatus status, CircuitState state) => state switch
    {
        CircuitState.Closed => (HealthStatus.Healthy, "closed"),
        CircuitState.HalfOpen => (HealthStatus.Degraded, "half-open, probing"),
        CircuitState.Isolated => (HealthStatus.Unhealthy, "isolated by operator"),
        CircuitState.Open when status.BreakEndsAt is { } end && end <= status.Timestamp => (HealthStatus.Degraded, "break elapsed, awaiting probe"),
        CircuitState.Open => (HealthStatus.Unhealthy, status.BreakEndsAt is { } end
            ? string.Create(CultureInfo.InvariantCulture, $"open until {end:O}")
            : "open"),
        _ => (HealthStatus.Unhealthy, $"unknown state {state}"),
    };
}
