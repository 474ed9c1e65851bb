using GameBook.Compilation;
using GameBook.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GameBook.Samples.Web.Operations;

/// <summary>
/// Readiness of the story catalog: Healthy when it serves at least one story whose latest compilation had no
/// error; Degraded when it does but some other story's latest compilation failed (the last good version of that
/// one is still served, or none is, for a story that never compiled); Unhealthy when no story is servable (empty or missing folder, every story
/// broken) or no catalog is registered. Thread-safe (the catalog's lookups are).
/// </summary>
internal sealed class StoryCatalogHealthCheck(IServiceProvider services) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (services.GetService<IStoryCatalog>() is not { } catalog)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("No story catalog is registered (AddGameBook was not called)."));
        }

        // Names also lists the stories that never compiled (no version in Stories): they are broken too.
        var stories = catalog.Stories;
        var clean = new List<string>();
        var broken = new List<string>();
        foreach (var name in catalog.Names.Order(StringComparer.Ordinal))
        {
            (!stories.ContainsKey(name) || HasErrors(catalog, name) ? broken : clean).Add(name);
        }

        var data = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["stories"] = clean.Count + broken.Count,
            ["servable"] = clean.Count,
            ["withErrors"] = string.Join(", ", broken),
        };

        HealthCheckResult result;
        if (clean.Count == 0)
        {
            result = HealthCheckResult.Unhealthy(
                broken.Count == 0
                    ? "The story catalog has no story: check GameBook:StoriesPath and the .yarn files there."
                    : $"Every story's latest compilation has errors ({string.Join(", ", broken)}); fix them (see the log's StoryDiagnostic lines).",
                data: data);
        }
        else if (broken.Count > 0)
        {
            result = HealthCheckResult.Degraded(
                $"{clean.Count} story(ies) servable; the latest compilation of {string.Join(", ", broken)} has errors (a last good version is served where there is one; GET /api/stories/{{name}} lists the errors).",
                data: data);
        }
        else
        {
            result = HealthCheckResult.Healthy($"{clean.Count} story(ies) loaded without errors.", data);
        }

        return Task.FromResult(result);
    }

    private static bool HasErrors(IStoryCatalog catalog, string name)
    {
        foreach (var diagnostic in catalog.GetDiagnostics(name))
        {
            if (diagnostic.Severity == DiagnosticSeverity.Error)
            {
                return true;
            }
        }

        return false;
    }
}
