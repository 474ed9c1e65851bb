using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using GameBook.Hosting;
using GameBook.Localization;
using GameBook.Runtime;
using Microsoft.Extensions.Options;

namespace GameBook.Samples.Web.Localization;

/// <summary>
/// The string tables beside the catalog's stories and the sessions' locales. The table of story <c>NAME</c> in locale
/// <c>L</c> is the file <c>NAME.L.csv</c> (the CSV <c>gamebook lines export</c> writes, translated) next to the story:
/// beside <c>NAME.yarn</c> for a one-file story, inside the folder <c>NAME/</c> for a folder story. A session asking
/// for <c>fr-CA</c> plays the <c>fr-CA</c> table, else the <c>fr</c> one, else the base text when the language is
/// the base locale's; any other locale is refused. Each table is read and prepared once per compiled story version
/// and file version (<see cref="StoryLocalization"/> is shared by every session of that story version), so an edited
/// table or a reloaded story is picked up by the next session without a restart. Thread-safe.
/// </summary>
internal sealed partial class StoryLocales
{
    private const string TableExtension = ".csv";

    // Per compiled story (a reloaded story is a new instance; the old one's tables go with it): file path -> prepared table.
    private readonly ConditionalWeakTable<Story, ConcurrentDictionary<string, Prepared>> _prepared = new();
    private readonly IOptions<GameBookOptions> _catalogOptions;
    private readonly IHostEnvironment _environment;
    private readonly StoryLocalesOptions _options;
    private readonly ILogger<StoryLocales> _logger;

    public StoryLocales(IOptions<GameBookOptions> catalogOptions, IHostEnvironment environment, IOptions<StoryLocalesOptions> options, ILogger<StoryLocales> logger)
    {
        _catalogOptions = catalogOptions;
        _environment = environment;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>The locale the stories are written in.</summary>
    public string BaseLocale => _options.BaseLocale;

    /// <summary>
    /// What a session of <paramref name="story"/> (catalog name <paramref name="storyName"/>) asking for
    /// <paramref name="locale"/> plays: a localization, the base text (null localization), or why the locale cannot be
    /// served. Reads the table file the first time, and again only when it changed. Never throws for a bad file.
    /// </summary>
    public LocaleResolution Resolve(string storyName, Story story, string locale)
    {
        ArgumentNullException.ThrowIfNull(story);
        if (!IsCultureName(locale))
        {
            return LocaleResolution.Refused($"'{Truncate(locale)}' is not a culture name such as 'en' or 'fr-CA'.");
        }

        var tables = ListTables(storyName);
        for (var culture = CultureInfo.GetCultureInfo(locale); !string.IsNullOrEmpty(culture.Name); culture = culture.Parent)
        {
            if (tables.FirstOrDefault(t => string.Equals(t.Locale, culture.Name, StringComparison.OrdinalIgnoreCase)) is { Path: not null } table)
            {
                var prepared = Prepare(storyName, story, table);
                return prepared.Localization is { } localization
                    ? LocaleResolution.Translated(localization, table.Locale)
                    : LocaleResolution.Refused($"Its string table for '{table.Locale}' ({table.RelativePath}) cannot be used: {prepared.Error} Fix the file, or ask for another locale.");
            }

            if (string.Equals(culture.Name, BaseLocale, StringComparison.OrdinalIgnoreCase))
            {
                return LocaleResolution.BaseText(BaseLocale);
            }
        }

        var offered = string.Join(", ", LocalesOf(storyName, story));
        return LocaleResolution.Refused(
            $"It is not translated into '{locale}'. It is offered in: {offered}. A translation is a string table '{storyName}.{locale}.csv' beside the story (docs/web-host.md, Locales).");
    }

    /// <summary>
    /// The locales <paramref name="storyName"/> is offered in: the base locale first, then each usable table's, ordered
    /// by name (a table that cannot be read is left out; creating a session in it says why).
    /// </summary>
    public IReadOnlyList<string> LocalesOf(string storyName, Story story)
    {
        ArgumentNullException.ThrowIfNull(story);
        var tables = ListTables(storyName);
        tables.RemoveAll(t => Prepare(storyName, story, t).Localization is null);
        return Offered(tables);
    }

    /// <summary>Whether <paramref name="name"/> is a culture name .NET knows (<c>en</c>, <c>fr-CA</c>), at most 64 characters.</summary>
    public static bool IsCultureName(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 64)
        {
            return false;
        }

        try
        {
            return !string.IsNullOrEmpty(CultureInfo.GetCultureInfo(name, predefinedOnly: true).Name);
        }
        catch (CultureNotFoundException)
        {
            return false;
        }
    }

    private List<string> Offered(List<TableFile> tables)
    {
        var locales = new List<string> { BaseLocale };
        foreach (var table in tables)
        {
            if (!locales.Contains(table.Locale, StringComparer.OrdinalIgnoreCase))
            {
                locales.Add(table.Locale);
            }
        }

        locales.Sort(1, locales.Count - 1, StringComparer.OrdinalIgnoreCase);
        return locales;
    }

    /// <summary>The table files of a story (<c>NAME.L.csv</c> where <c>L</c> is a culture name), or none when it has no folder on disk.</summary>
    private List<TableFile> ListTables(string storyName)
    {
        var tables = new List<TableFile>();
        if (StoryFolder(storyName) is not { } folder)
        {
            return tables;
        }

        try
        {
            var prefix = storyName + ".";
            foreach (var path in Directory.EnumerateFiles(folder.Path, prefix + "*" + TableExtension, SearchOption.TopDirectoryOnly))
            {
                var name = System.IO.Path.GetFileName(path);
                if (!name.StartsWith(prefix, StringComparison.Ordinal) || !name.EndsWith(TableExtension, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var locale = name[prefix.Length..^TableExtension.Length];
                if (IsCultureName(locale))
                {
                    tables.Add(new TableFile(CultureInfo.GetCultureInfo(locale).Name, path, folder.Relative + name));
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.TablesUnlisted(_logger, storyName, ex.Message);
        }

        tables.Sort(static (a, b) => string.CompareOrdinal(a.Path, b.Path));
        return tables;
    }

    /// <summary>Where a story's tables sit: the stories folder for <c>NAME.yarn</c> (the catalog prefers the file), or the folder <c>NAME/</c>.</summary>
    private (string Path, string Relative)? StoryFolder(string storyName)
    {
        if (storyName.Length == 0 || storyName.StartsWith('.') || storyName.AsSpan().IndexOfAny(System.IO.Path.GetInvalidFileNameChars()) >= 0
            || storyName.Contains('/') || storyName.Contains('\\'))
        {
            return null;
        }

        var root = _catalogOptions.Value.StoriesPath;
        if (!System.IO.Path.IsPathRooted(root))
        {
            root = System.IO.Path.Combine(_environment.ContentRootPath, root);
        }

        if (File.Exists(System.IO.Path.Combine(root, storyName + ".yarn")))
        {
            return (root, string.Empty);
        }

        var folder = System.IO.Path.Combine(root, storyName);
        return Directory.Exists(folder) ? (folder, storyName + "/") : null;
    }

    private Prepared Prepare(string storyName, Story story, TableFile table)
    {
        var cache = _prepared.GetValue(story, static _ => new ConcurrentDictionary<string, Prepared>(StringComparer.Ordinal));
        FileInfo file;
        try
        {
            file = new FileInfo(table.Path);
            file.Refresh();
            if (!file.Exists)
            {
                return new Prepared(default, -1, null, "the file is gone.");
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new Prepared(default, -1, null, $"it cannot be read ({ex.Message}).");
        }

        var stamp = file.LastWriteTimeUtc;
        var length = file.Length;
        if (cache.TryGetValue(table.Path, out var cached) && cached.Written == stamp && cached.Length == length)
        {
            return cached;
        }

        var prepared = Read(storyName, story, table, stamp, length);
        cache[table.Path] = prepared;
        return prepared;
    }

    private Prepared Read(string storyName, Story story, TableFile table, DateTime stamp, long length)
    {
        if (length > _options.MaxTableBytes)
        {
            var error = string.Create(CultureInfo.InvariantCulture, $"it is {length} bytes, more than StoryServer:Localization:MaxTableBytes ({_options.MaxTableBytes}).");
            Log.TableUnusable(_logger, storyName, table.Locale, table.RelativePath, error);
            return new Prepared(stamp, length, null, error);
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(table.Path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Not cached as a failure: an editor may hold the file for a moment.
            Log.TableUnusable(_logger, storyName, table.Locale, table.RelativePath, ex.Message);
            return new Prepared(default, -1, null, $"it cannot be read ({ex.Message}).");
        }

        var read = StringTableCsv.Read(bytes, new StringTableCsvOptions { Locale = table.Locale, MaxBytes = _options.MaxTableBytes });
        foreach (var diagnostic in read.Diagnostics)
        {
            Log.TableDiagnostic(_logger, table.RelativePath, diagnostic.ToString());
        }

        if (read.Table is not { } strings)
        {
            var first = read.Diagnostics.FirstOrDefault(d => d.Severity == GameBook.Compilation.DiagnosticSeverity.Error);
            var error = string.Create(CultureInfo.InvariantCulture, $"{first} ({read.Diagnostics.Length} problem(s) in all).");
            Log.TableUnusable(_logger, storyName, table.Locale, table.RelativePath, error);
            return new Prepared(stamp, length, null, error);
        }

        var localization = StoryLocalization.Create(story, strings);
        Log.TableLoaded(_logger, storyName, table.Locale, table.RelativePath, localization.TranslatedLineCount, localization.TranslatedLineCount + localization.UntranslatedLineIds.Length, localization.Problems.Length);
        foreach (var problem in localization.Problems)
        {
            Log.TranslationUnusable(_logger, table.RelativePath, problem.LineId, problem.Message);
        }

        return new Prepared(stamp, length, localization, null);
    }

    private static string Truncate(string text) => text.Length <= 100 ? text : string.Concat(text.AsSpan(0, 100), "…");

    /// <summary>A table file: its locale (canonical culture name), full path, and path relative to the stories folder.</summary>
    private readonly record struct TableFile(string Locale, string Path, string RelativePath);

    /// <summary>A table read for one story version and one file version: the localization, or why there is none.</summary>
    private sealed record Prepared(DateTime Written, long Length, StoryLocalization? Localization, string? Error);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Story '{Story}' in '{Locale}' ({File}): {Translated} of {Lines} lines and options translated, {Problems} translation(s) unusable (base text shown).")]
        public static partial void TableLoaded(ILogger logger, string story, string locale, string file, int translated, int lines, int problems);

        [LoggerMessage(2, LogLevel.Error, "Story '{Story}' cannot be played in '{Locale}': its string table {File} is unusable: {Error}")]
        public static partial void TableUnusable(ILogger logger, string story, string locale, string file, string error);

        [LoggerMessage(3, LogLevel.Warning, "{File}: {Diagnostic}")]
        public static partial void TableDiagnostic(ILogger logger, string file, string diagnostic);

        [LoggerMessage(4, LogLevel.Warning, "{File}: line {LineId}: {Message}")]
        public static partial void TranslationUnusable(ILogger logger, string file, string lineId, string message);

        [LoggerMessage(5, LogLevel.Warning, "The string tables of story '{Story}' cannot be listed: {Error}")]
        public static partial void TablesUnlisted(ILogger logger, string story, string error);
    }
}

/// <summary>What a session asking for a locale plays. Immutable.</summary>
/// <param name="Localization">The translated lines, or null for the base text (or when refused).</param>
/// <param name="Locale">The locale played (the table's, or the base locale); null when refused.</param>
/// <param name="Problem">Why the locale cannot be served; null when it can.</param>
internal readonly record struct LocaleResolution(StoryLocalization? Localization, string? Locale, string? Problem)
{
    public static LocaleResolution Translated(StoryLocalization localization, string locale) => new(localization, locale, null);

    public static LocaleResolution BaseText(string locale) => new(null, locale, null);

    public static LocaleResolution Refused(string problem) => new(null, null, problem);
}
