using Microsoft.Extensions.DependencyInjection;

namespace GameBook.Hosting;

internal sealed class GameBookBuilder(IServiceCollection services) : IGameBookBuilder
{
    public IServiceCollection Services { get; } = services;
}
