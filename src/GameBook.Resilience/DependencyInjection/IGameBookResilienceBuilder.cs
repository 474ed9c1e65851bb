namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds and configures GameBook pipelines after <c>AddGameBookResilience</c>. Not thread-safe (startup only).</summary>
public interface IGameBookResilienceBuilder
{
    /// <summary>The service collection being configured.</summary>
    IServiceCollection Services { get; }
}

/// <summary>The default <see cref="IGameBookResilienceBuilder"/>.</summary>
internal sealed class GameBookResilienceBuilder(IServiceCollection services) : IGameBookResilienceBuilder
{
    public IServiceCollection Services { get; } = services;
}
