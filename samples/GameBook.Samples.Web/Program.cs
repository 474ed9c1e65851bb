using GameBook.Samples.Web.Operations;

var builder = WebApplication.CreateBuilder(args);
builder.AddStoryServer();    // Stories/, Sessions/, Playtests/, Analytics/: catalog, session store, resilience, rate limiting, workers
builder.AddOperations();     // Operations/: telemetry, dashboard, health checks, OpenTelemetry, dashboard key
var app = builder.Build();
app.UseStoryServer();        // problem details, Retry-After, rate limiter, shutdown
app.MapStoryApi();           // /api/stories, /api/sessions, /api/playtests, /api/analytics, /openapi, /scalar
app.MapOperations();         // /health/live, /health/ready, /api/dashboard (+ /stream), /metrics, the player and dashboard pages
app.Run();

/// <summary>The web host's entry point, public so integration tests can start it with WebApplicationFactory.</summary>
public partial class Program;
