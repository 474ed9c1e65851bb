using GameBook.Samples.Web.Localization;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Registers the sessions' locales (string tables beside the catalog's stories). Thread-safe.</summary>
internal static class LocalizationExtensions
{
    /// <summary>Adds <see cref="StoryLocales"/> and its validated options (section <c>StoryServer:Localization</c>).</summary>
    public static IServiceCollection AddStoryLocales(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptionsWithValidateOnStart<StoryLocalesOptions, StoryLocalesOptionsValidator>()
            .Bind(configuration.GetSection(StoryLocalesOptions.SectionName));
        services.TryAddSingleton<StoryLocales>();
        return services;
    }
}
