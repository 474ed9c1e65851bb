using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Polly;

namespace GameBook.Docs.Tests.Snippets;

internal static class ResilienceReadmeSnippets
{
    public static async Task Use(IServiceCollection services, IConfiguration configuration, IServiceProvider provider, SessionStore sessionStore, CancellationToken cancellationToken)
    {
        #region doc: src/GameBook.Resilience/README.md
        services.AddGameBookResilience(configuration.GetSection("GameBook:Resilience"))
            .AddPipeline("stories", o => o.Timeout.Total = TimeSpan.FromSeconds(20))
            .AddHealthCheck();

        var pipeline = provider.GetRequiredKeyedService<ResiliencePipeline>("storage");
        await pipeline.ExecuteAsync(static (store, ct) => store.SaveAsync(ct), sessionStore, cancellationToken);
        #endregion
    }
}
