using System.Threading.RateLimiting;
using GameBook.Hosting;
using GameBook.Resilience;
using GameBook.Samples.Web;
using GameBook.Samples.Web.Analytics;
using GameBook.Samples.Web.Localization;
using GameBook.Samples.Web.Playtests;
using GameBook.Samples.Web.Sessions;
using GameBook.Samples.Web.Stories;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;

namespace Microsoft.AspNetCore.Builder;

/// <summary>
/// Composes the story server: the story catalog (GameBook.Core hosting), sessions behind a resilience pipeline,
/// analytics, playtests on the worker pool, problem details, request limits and the per-client rate limiter.
/// </summary>
internal static partial class StoryServerExtensions
{
    /// <summary>The rate-limiting policy of the <c>/api</c> endpoints (one partition per remote IP address).</summary>
    public const string RateLimitPolicy = "per-client";

    /// <summary>Registers the story server's services and options.</summary>
    public static WebApplicationBuilder AddStoryServer(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        services.AddOptions<StoryServerOptions>()
            .Bind(configuration.GetSection(StoryServerOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<StoryServerOptions>, StoryServerOptionsValidator>();

        // The catalog: stories from GameBook:StoriesPath; a relative path not found under the content root falls back
        // to the bundled stories copied next to the binary, so `dotnet run` from anywhere serves them.
        services.AddGameBook(configuration.GetSection(GameBookDefaults.SectionName));
        services.AddOptions<GameBookOptions>().PostConfigure<IHostEnvironment>((options, environment) =>
        {
            if (!Path.IsPathRooted(options.StoriesPath) && !Directory.Exists(Path.Combine(environment.ContentRootPath, options.StoriesPath)))
            {
                options.StoriesPath = Path.Combine(AppContext.BaseDirectory, options.StoriesPath);
            }

            // GET /api/stories/{name} returns GameBook.Authoring's analysis warnings, which read the story's outline.
            options.IncludeOutline = true;
        });

        var pipeline = configuration[$"{StoryServerOptions.SectionName}:Sessions:Pipeline"] ?? new SessionServerOptions().Pipeline;
        services.AddGameBookResilience(configuration.GetSection(GameBookResilienceNames.ConfigurationSection)).AddPipeline(pipeline);
        services.AddGameBookWorkers(configuration.GetSection("GameBook:Workers"));
        services.AddGameBookTelemetry().AddOptimizationHandler<IdleSessionEvictionHandler>();

        services.TryAddSingleton(TimeProvider.System);
        AddSessionStore(builder);
        services.TryAddSingleton<IPlaytestRunner, AuthoringPlaytestRunner>();
        services.AddSingleton<StoryServerLifetime>();
        services.AddSingleton<StoryServerJsonBody>();
        services.AddSingleton<StoryAnalytics>();
        services.AddStoryLocales(configuration);
        services.AddSingleton<SessionService>();
        services.AddSingleton<PlaytestService>();
        services.AddHostedService<SessionExpiryService>();
        services.AddHostedService<PlaytestDrainService>();

        // Shutdown: the worker pool drains within its DrainTimeout (GameBook:Workers, 30 s by default); give the host that long.
        services.Configure<HostOptions>(o => o.ShutdownTimeout = o.ShutdownTimeout < TimeSpan.FromSeconds(35) ? TimeSpan.FromSeconds(35) : o.ShutdownTimeout);
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<StoryServerOptions>>((kestrel, options) =>
            kestrel.Limits.MaxRequestBodySize = options.Value.MaxRequestBodyBytes);

        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, StoryServerJsonContext.Default);
            o.SerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull;
            o.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict; // as the context: the OpenAPI schemas say "integer", not "integer or string"
        });
        services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            if (problem.Type is null || !problem.Type.StartsWith(StoryServerProblems.TypePrefix, StringComparison.Ordinal))
            {
                problem.Type = StoryServerProblems.TypeForStatus(problem.Status ?? context.HttpContext.Response.StatusCode);
                problem.Detail ??= StoryServerProblems.DetailForStatus(problem.Status ?? context.HttpContext.Response.StatusCode);
            }
        });
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IProblemDetailsWriter, ProblemJsonWriter>()); // after the default writer: its fallback
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = OnRateLimitedAsync;
            o.AddPolicy(RateLimitPolicy, context =>
            {
                var limits = context.RequestServices.GetRequiredService<IOptions<StoryServerOptions>>().Value.RateLimit;
                var client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                return limits.Enabled
                    ? RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = limits.PermitLimit,
                        Window = limits.Window,
                        QueueLimit = 0,
                        AutoReplenishment = true,
                    })
                    : RateLimitPartition.GetNoLimiter(client);
            });
        });
        services.AddOpenApi();
        return builder;
    }

    /// <summary>
    /// The session store from <c>StoryServer:Sessions:Store</c>: in memory (default), or Orleans grains, this server
    /// joining the cluster as a silo or a client (<c>StoryServer:Cluster</c>, <c>GameBook:Orleans</c>; validated here).
    /// </summary>
    private static void AddSessionStore(WebApplicationBuilder builder)
    {
        var value = builder.Configuration[$"{StoryServerOptions.SectionName}:Sessions:Store"];

        // The scale-out guide names the setting `Sessions:Store` (environment `Sessions__Store`): accept it too.
        if (builder.Configuration["Sessions:Store"] is { } alias)
        {
            if (value is not null && !string.Equals(value, alias, StringComparison.OrdinalIgnoreCase))
            {
                throw new OptionsValidationException(StoryServerOptions.SectionName, typeof(StoryServerOptions),
                    [$"Sessions:Store is '{alias}' but {StoryServerOptions.SectionName}:Sessions:Store is '{value}': set one of them."]);
            }

            value = alias;
        }

        if (value is null || string.Equals(value, nameof(SessionStoreKind.Memory), StringComparison.OrdinalIgnoreCase))
        {
            builder.Services.TryAddSingleton<ISessionStore, InMemorySessionStore>();
            builder.Services.TryAddSingleton<IStoryAnalyticsReader, LocalStoryAnalyticsReader>();
            return;
        }

        if (!string.Equals(value, nameof(SessionStoreKind.Orleans), StringComparison.OrdinalIgnoreCase))
        {
            throw new OptionsValidationException(StoryServerOptions.SectionName, typeof(StoryServerOptions),
                [$"{StoryServerOptions.SectionName}:Sessions:Store must be Memory or Orleans, not '{value}'."]);
        }

        GameBook.Samples.Web.Cluster.ClusterHosting.AddOrleansSessions(builder);
    }

    /// <summary>Adds the story server's middleware: problem details for errors, Retry-After on 503, the rate limiter.</summary>
    public static WebApplication UseStoryServer(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        var retryAfter = app.Services.GetRequiredService<IOptions<StoryServerOptions>>().Value.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        app.Use((context, next) =>
        {
            context.Response.OnStarting(static state =>
            {
                var (response, seconds) = ((HttpResponse, string))state;
                if (response.StatusCode == StatusCodes.Status503ServiceUnavailable && !response.Headers.ContainsKey("Retry-After"))
                {
                    response.Headers.RetryAfter = seconds;
                }

                return Task.CompletedTask;
            }, (context.Response, retryAfter));
            return next(context);
        });
        app.UseRateLimiter();

        var lifetime = app.Services.GetRequiredService<StoryServerLifetime>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("GameBook.Samples.Web.StoryServer");
        app.Lifetime.ApplicationStopping.Register(() =>
        {
            lifetime.StopAccepting();
            Log.StopAccepting(logger);
        });
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            foreach (var url in app.Urls)
            {
                Log.Serving(logger, url);
            }
        });
        return app;
    }

    /// <summary>Maps <c>/api/stories</c>, <c>/api/sessions</c>, <c>/api/playtests</c>, <c>/api/analytics</c>, <c>/api/ping</c>, the OpenAPI document and its reference page.</summary>
    public static WebApplication MapStoryApi(this WebApplication app)
    {
        var api = app.MapGroup(string.Empty).RequireRateLimiting(RateLimitPolicy);
        api.MapStoryEndpoints();
        api.MapSessionEndpoints();
        api.MapLocaleEndpoints();
        api.MapPlaytestEndpoints();
        api.MapAnalyticsEndpoints();
        api.MapGet("/api/ping", static () => TypedResults.Ok("pong")).WithTags("Server")
            .WithName("Ping").WithSummary("A constant answer: the baseline the load measurement compares the choose endpoint with");
        app.MapOpenApi();
        app.MapScalarApiReference();
        return app;
    }

    private static async ValueTask OnRateLimitedAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        var window = http.RequestServices.GetRequiredService<IOptions<StoryServerOptions>>().Value.RateLimit.Window;
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : window;
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Type = StoryServerProblems.RateLimited,
                Title = "Too many requests",
                Detail = "This client sent more requests than StoryServer:RateLimit allows. Wait for the Retry-After time.",
            },
        }).ConfigureAwait(false);
    }

    private static partial class Log
    {
        [LoggerMessage(30, LogLevel.Information, "Story server listening on {Url}: API under {Url}/api/stories, API reference at {Url}/scalar, OpenAPI document at {Url}/openapi/v1.json.")]
        public static partial void Serving(ILogger logger, string url);

        [LoggerMessage(31, LogLevel.Information, "Shutting down: new sessions, restores and playtests are refused (503); running playtests drain.")]
        public static partial void StopAccepting(ILogger logger);
    }
}
