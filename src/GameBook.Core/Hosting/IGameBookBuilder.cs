using Microsoft.Extensions.DependencyInjection;

namespace GameBook.Hosting;

/// <summary>
/// Returned by <c>AddGameBook</c> to configure GameBook further (host functions and commands, see
/// <see cref="GameBookBuilderExtensions"/>). Use it while building the service collection, from one thread.
/// </summary>
public interface IGameBookBuilder
{
    /// <summary>The service collection GameBook was added to.</summary>
    IServiceCollection Services { get; }
}
