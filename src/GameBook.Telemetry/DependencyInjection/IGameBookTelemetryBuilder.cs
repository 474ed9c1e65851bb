namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Configures GameBook telemetry after <c>AddGameBookTelemetry</c>. Not thread-safe (startup only).</summary>
public interface IGameBookTelemetryBuilder
{
    /// <summary>The service collection being configured.</summary>
    IServiceCollection Services { get; }
}

/// <summary>The default <see cref="IGameBookTelemetryBuilder"/>.</summary>
internal sealed class GameBookTelemetryBuilder(IServiceCollection services) : IGameBookTelemetryBuilder
{
    public IServiceCollection Services { get; } = services;
}
