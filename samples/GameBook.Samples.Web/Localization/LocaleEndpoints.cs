using System.Globalization;
using GameBook.Hosting;
using GameBook.Samples.Web.Stories;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GameBook.Samples.Web.Localization;

/// <summary>The <c>/api/stories/{name}/locales</c> endpoint: the locales a story can be played in. Thread-safe.</summary>
internal static class LocaleEndpoints
{
    public static RouteHandlerBuilder MapLocaleEndpoints(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/api/stories/{name}/locales", Get).WithTags("Stories")
            .WithName("GetStoryLocales").WithSummary("The locales a story can be played in: its base locale and one per string table beside it")
            .ProducesProblem(404).ProducesProblem(409);

    private static Results<Ok<StoryLocalesDto>, ProblemHttpResult> Get(string name, IStoryCatalog catalog, StoryLocales locales)
    {
        if (!StoryLookup.TryGet(catalog, name, out var story, out var missing))
        {
            return missing;
        }

        var list = locales.LocalesOf(name, story).Select(l => new LocaleDto(l, NativeName(l), string.Equals(l, locales.BaseLocale, StringComparison.OrdinalIgnoreCase) ? true : null)).ToArray();
        return TypedResults.Ok(new StoryLocalesDto(name, locales.BaseLocale, list));
    }

    private static string NativeName(string locale)
    {
        var name = CultureInfo.GetCultureInfo(locale).NativeName;
        return name.Length == 0 ? locale : string.Concat(char.ToUpper(name[0], CultureInfo.GetCultureInfo(locale)).ToString(), name.AsSpan(1));
    }
}

/// <summary>The locales of a story: the base locale first, then one per string table. Immutable.</summary>
internal sealed record StoryLocalesDto(string Story, string BaseLocale, IReadOnlyList<LocaleDto> Locales);

/// <summary>One locale: its culture name, its name in its own language, and whether it is the base text. Immutable.</summary>
internal sealed record LocaleDto(string Locale, string Name, bool? Base = null);
