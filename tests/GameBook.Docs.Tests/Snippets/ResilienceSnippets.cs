using GameBook.Resilience.Diagnostics;
using GameBook.Resilience.Tracking;
using GameBook.Resilience;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Polly.Registry;
using Polly;

namespace GameBook.Docs.Tests.Snippets;

internal static class ResilienceSnippets
{
    public static void Register(IServiceCollection services, IConfiguration configuration)
    {
        #region doc: docs/resilience.md
        services.AddGameBookResilience()                         // "storage" and "http" pipelines, monitor, control
            .AddPipeline("stories", o =>                           // a custom pipeline (starts from the storage defaults)
            {
                o.Timeout.Total = TimeSpan.FromSeconds(20);
                o.Retry.HandledExceptions = ["System.IO.IOException", "System.Net.Http.HttpRequestException"];
            })
            .AddPipeline<SaveResult>("saves", r =>                  // a typed pipeline with result failures and a fallback
            {
                r.ShouldHandleResult = result => result.IsTransientError;
                r.Fallback = outcome => ValueTask.FromResult(SaveResult.Deferred);
            })
            .ConfigurePipeline("saves", o => o.ConcurrencyLimit.Enabled = true)
            .AddHealthCheck();                                     // one check over every breaker, tag "ready"

        // or from configuration (reloadable):
        services.AddGameBookResilience(configuration.GetSection(GameBookResilienceNames.ConfigurationSection));
        #endregion
    }

    public static async Task Execute(IServiceProvider provider, SessionStore sessionStore, CancellationToken cancellationToken)
    {
        #region doc: docs/resilience.md
        var pipeline = provider.GetRequiredService<ResiliencePipelineProvider<string>>().GetPipeline("storage");
        // or: [FromKeyedServices("storage")] ResiliencePipeline pipeline
        await pipeline.ExecuteAsync(static async (store, ct) => await store.SaveAsync(ct), sessionStore, cancellationToken);
        #endregion
    }

    public static void Status(IServiceProvider provider)
    {
        #region doc: docs/resilience.md
        var status = provider.GetRequiredService<IResilienceMonitor>().GetStatus("storage");
        Console.WriteLine($"{status.Totals.Failures} failures, {status.Window.Calls} calls in the window, breaker {status.BreakerState}");
        Console.WriteLine($"last failure: {status.LastFailure?.Message}, {status.Transitions.Count} recent transitions");
        #endregion
    }

    public static void Health(IServiceCollection services)
    {
        #region doc: docs/resilience.md
        services.AddHealthChecks()
            .AddGameBookResilienceHealthCheck()                                   // every breaker: "gamebook-resilience"
            .AddGameBookResilienceHealthCheck("storage-breaker", ["storage"]);    // one breaker
        #endregion
    }
}

/// <summary>What the snippets' typed pipeline returns.</summary>
internal sealed record SaveResult(bool IsTransientError)
{
    public static SaveResult Deferred { get; } = new(false);
}

/// <summary>Something the snippets protect with a pipeline.</summary>
internal sealed class SessionStore
{
    public ValueTask SaveAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
