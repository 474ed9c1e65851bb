using GameBook.Orleans.Hosting;
using GameBook.Samples.Web.Analytics;
using GameBook.Samples.Web.Sessions;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace GameBook.Samples.Web.Cluster;

/// <summary>
/// Composes the Orleans side of the story server (<c>StoryServer:Sessions:Store = Orleans</c>): a co-hosted silo or a
/// pure cluster client (<c>StoryServer:Cluster:Role</c>), both from <c>GameBook:Orleans</c>; the session store, the
/// cluster's analytics and the dashboard's cluster figures. Called once at startup.
/// </summary>
internal static class ClusterHosting
{
    /// <summary>Adds the cluster: settings are validated here (they choose what runs), so a bad one stops the start naming the key.</summary>
    public static void AddOrleansSessions(WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var services = builder.Services;
        var role = ReadRole(configuration[$"{ClusterServerOptions.SectionName}:{nameof(ClusterServerOptions.Role)}"]);
        services.AddOptions<ClusterServerOptions>().Bind(configuration.GetSection(ClusterServerOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ClusterServerOptions>, ClusterServerOptionsValidator>();

        var orleans = configuration.GetSection(GameBookOrleansDefaults.SectionName);
        if (role == ClusterRole.Silo)
        {
            builder.UseOrleans(silo => silo.AddGameBookOrleans(orleans));
        }
        else
        {
            builder.UseOrleansClient(client => client.AddGameBookOrleansClient(orleans));
        }

        services.TryAddSingleton<ISessionStore, OrleansSessionStore>();
        services.TryAddSingleton<ClusterAnalytics>();
        services.TryAddSingleton<IStoryAnalyticsReader>(static s => s.GetRequiredService<ClusterAnalytics>());
        services.TryAddSingleton(new ClusterStatus(role));
        services.AddHostedService<ClusterAnalyticsService>();
    }

    private static ClusterRole ReadRole(string? value)
    {
        if (value is null || string.Equals(value, nameof(ClusterRole.Silo), StringComparison.OrdinalIgnoreCase))
        {
            return ClusterRole.Silo;
        }

        if (string.Equals(value, nameof(ClusterRole.Client), StringComparison.OrdinalIgnoreCase))
        {
            return ClusterRole.Client;
        }

        throw new OptionsValidationException(ClusterServerOptions.SectionName, typeof(ClusterServerOptions),
            [$"{ClusterServerOptions.SectionName}:Role must be Silo (this server runs a silo of the cluster) or Client (it connects to the silos of an existing cluster), not '{value}'."]);
    }
}
