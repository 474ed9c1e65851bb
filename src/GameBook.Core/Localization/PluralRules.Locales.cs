using System.Collections.Frozen;
using GameBook.Localization;

namespace GameBook.Text;

// Locale lookup for the CLDR rules generated into CldrPluralData.g.cs (tools/generate-plural-rules.py).
public static partial class PluralRules
{
    private static readonly FrozenDictionary<string, int> s_localeIndex = BuildLocaleIndex();
    private static readonly CldrPluralRules s_root = new("root", string.Empty, string.Empty);
    private static readonly CldrPluralRules?[] s_byLocale = new CldrPluralRules?[CldrPluralData.Locales.Length];

    /// <summary>The version of the Unicode CLDR data the locale rules come from.</summary>
    public static string CldrVersion => CldrPluralData.CldrVersion;

    /// <summary>The locales with CLDR plural rules (lower case, such as <c>fr</c>, <c>pt-pt</c>, <c>ar</c>).</summary>
    public static IReadOnlyList<string> Locales { get; } = Array.ConvertAll(CldrPluralData.Locales, l => l.Locale);

    /// <summary>
    /// Finds the CLDR cardinal and ordinal rules of a locale. The tag is matched without case and with <c>_</c> read as
    /// <c>-</c>, dropping subtags from the end until one matches (<c>fr-CA</c> uses <c>fr</c>, <c>pt-PT</c> its own).
    /// Story numbers are doubles, so the visible fraction digits of a number are those of its shortest form
    /// (<c>1.0</c> counts as the integer 1).
    /// </summary>
    /// <param name="locale">A BCP 47 tag such as <c>pl</c>, <c>ru-RU</c> or <c>zh_Hant</c>.</param>
    /// <param name="rules">The rules, shared and thread-safe.</param>
    /// <returns>True when CLDR has rules for the locale or one of its parents.</returns>
    public static bool TryGetForLocale(string locale, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IPluralRules? rules)
    {
        ArgumentNullException.ThrowIfNull(locale);
        var tag = locale.Trim().Replace('_', '-').ToLowerInvariant();
        while (tag.Length > 0)
        {
            if (s_localeIndex.TryGetValue(tag, out var index))
            {
                rules = s_byLocale[index] ??= Build(index);
                return true;
            }

            var dash = tag.LastIndexOf('-');
            tag = dash < 0 ? string.Empty : tag[..dash];
        }

        rules = null;
        return false;
    }

    /// <summary>
    /// The CLDR rules of <paramref name="locale"/> (see <see cref="TryGetForLocale"/>); for a locale CLDR does not know,
    /// CLDR's root rules, under which every number is <see cref="PluralCategory.Other"/>.
    /// </summary>
    /// <param name="locale">A BCP 47 tag such as <c>pl</c> or <c>fr-CA</c>.</param>
    /// <returns>Shared, thread-safe rules.</returns>
    public static IPluralRules ForLocale(string locale)
    {
        ArgumentNullException.ThrowIfNull(locale);
        return TryGetForLocale(locale, out var rules) ? rules : s_root;
    }

    /// <summary>True for rules this package provides, which never throw (so sessions need not guard them).</summary>
    internal static bool IsBuiltIn(IPluralRules rules) => ReferenceEquals(rules, English) || rules is CldrPluralRules;

    private static CldrPluralRules Build(int index)
    {
        var (locale, cardinal, ordinal) = CldrPluralData.Locales[index];
        return new CldrPluralRules(
            locale,
            cardinal < 0 ? string.Empty : CldrPluralData.CardinalRuleSets[cardinal],
            ordinal < 0 ? string.Empty : CldrPluralData.OrdinalRuleSets[ordinal]);
    }

    private static FrozenDictionary<string, int> BuildLocaleIndex()
    {
        var map = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < CldrPluralData.Locales.Length; i++)
        {
            map[CldrPluralData.Locales[i].Locale] = i;
        }

        return map.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
