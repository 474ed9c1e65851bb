using System.Globalization;
using GameBook.Localization;
using GameBook.Text;

namespace GameBook.Core.Tests.Localization;

/// <summary>The CLDR plural rules: every sample CLDR publishes for every locale gets its category, and locales resolve like BCP 47 tags.</summary>
public class PluralRulesTests
{
    private static readonly string SamplesPath = Path.Combine(AppContext.BaseDirectory, "Localization", "cldr-plural-samples.txt");

    // locale, kind, category, sample text
    public static IEnumerable<(string Locale, string Kind, PluralCategory Category, string Sample)> Samples()
    {
        foreach (var line in File.ReadLines(SamplesPath))
        {
            if (line.StartsWith('#') || line.Length == 0)
            {
                continue;
            }

            var parts = line.Split('\t');
            var category = Enum.Parse<PluralCategory>(parts[2], ignoreCase: true);
            foreach (var sample in Expand(parts[3]))
            {
                yield return (parts[0], parts[1], category, sample);
            }
        }
    }

    // "@integer 2~4, 22, … @decimal 0.0~0.2" -> 2, 3, 4, 22, 0.0, 0.1, 0.2 (a decimal range steps in its last digit).
    private static IEnumerable<string> Expand(string samples)
    {
        foreach (var item in samples.Replace("@integer", ",", StringComparison.Ordinal).Replace("@decimal", ",", StringComparison.Ordinal).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (item == "…")
            {
                continue;
            }

            var tilde = item.IndexOf('~', StringComparison.Ordinal);
            if (tilde < 0)
            {
                yield return item;
                continue;
            }

            var low = item[..tilde];
            var high = item[(tilde + 1)..];
            var digits = low.Contains('.', StringComparison.Ordinal) ? low.Length - low.IndexOf('.', StringComparison.Ordinal) - 1 : 0;
            var scale = (decimal)Math.Pow(10, digits);
            var from = decimal.Parse(low, CultureInfo.InvariantCulture);
            var to = decimal.Parse(high, CultureInfo.InvariantCulture);
            for (var v = from; v <= to; v += 1 / scale)
            {
                yield return v.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            }
        }
    }

    [Fact]
    public void EveryCldrSample_OfEveryLocale_GetsItsCategory()
    {
        var checkedSamples = 0;
        var failures = new List<string>();
        foreach (var (locale, kind, category, sample) in Samples())
        {
            Assert.True(PluralRules.TryGetForLocale(locale, out var rules), locale);
            var cldr = Assert.IsType<CldrPluralRules>(rules);
            Assert.True(PluralOperands.TryParse(sample, out var operands), sample);
            var actual = kind == "cardinal" ? cldr.Cardinal(operands) : cldr.Ordinal(operands);
            if (actual != category)
            {
                failures.Add($"{locale} {kind} {sample}: expected {category}, got {actual}");
            }

            checkedSamples++;
        }

        Assert.Empty(failures);
        Assert.True(checkedSamples > 3000, $"only {checkedSamples} samples were checked");
    }

    [Fact]
    public void CldrSamples_ThatAreExactStoryNumbers_GetTheirCategoryThroughThePublicApi()
    {
        var checkedSamples = 0;
        foreach (var (locale, kind, category, sample) in Samples())
        {
            // A story number is a double: "1.0" is the integer 1, and "1c6" is not a notation stories have.
            var value = double.Parse(sample.Replace("c", "e", StringComparison.Ordinal), CultureInfo.InvariantCulture);
            if (sample.Contains('c', StringComparison.Ordinal) || value.ToString("R", CultureInfo.InvariantCulture) != sample)
            {
                continue;
            }

            var rules = PluralRules.ForLocale(locale);
            var actual = kind == "cardinal" ? rules.GetCardinalCategory(value) : rules.GetOrdinalCategory(value);
            Assert.True(actual == category, $"{locale} {kind} {sample}: expected {category}, got {actual}");
            checkedSamples++;
        }

        Assert.True(checkedSamples > 2000, $"only {checkedSamples} samples were checked");
    }

    [Theory]
    [InlineData("pl", 1, PluralCategory.One)]
    [InlineData("pl", 2, PluralCategory.Few)]
    [InlineData("pl", 5, PluralCategory.Many)]
    [InlineData("pl", 22, PluralCategory.Few)]
    [InlineData("pl", 112, PluralCategory.Many)]
    [InlineData("pl", 1.5, PluralCategory.Other)]
    [InlineData("ru", 21, PluralCategory.One)]
    [InlineData("ru", 11, PluralCategory.Many)]
    [InlineData("ru", 34, PluralCategory.Few)]
    [InlineData("ru", 2.5, PluralCategory.Other)]
    [InlineData("ar", 0, PluralCategory.Zero)]
    [InlineData("ar", 2, PluralCategory.Two)]
    [InlineData("ar", 105, PluralCategory.Few)]
    [InlineData("ar", 111, PluralCategory.Many)]
    [InlineData("ar", 100, PluralCategory.Other)]
    [InlineData("fr", 0, PluralCategory.One)]
    [InlineData("fr", 1.5, PluralCategory.One)]
    [InlineData("fr", 2, PluralCategory.Other)]
    [InlineData("fr", 1000000, PluralCategory.Many)]
    [InlineData("en", 1, PluralCategory.One)]
    [InlineData("en", 0, PluralCategory.Other)]
    [InlineData("ja", 1, PluralCategory.Other)]
    public void Cardinal_PerLocale(string locale, double value, PluralCategory expected) =>
        Assert.Equal(expected, PluralRules.ForLocale(locale).GetCardinalCategory(value));

    [Theory]
    [InlineData("en", 1, PluralCategory.One)]
    [InlineData("en", 22, PluralCategory.Two)]
    [InlineData("en", 13, PluralCategory.Other)]
    [InlineData("en", 103, PluralCategory.Few)]
    [InlineData("fr", 1, PluralCategory.One)]
    [InlineData("fr", 2, PluralCategory.Other)]
    [InlineData("it", 8, PluralCategory.Many)]
    [InlineData("it", 11, PluralCategory.Many)]
    [InlineData("it", 3, PluralCategory.Other)]
    [InlineData("pl", 2, PluralCategory.Other)]
    [InlineData("sv", 2, PluralCategory.One)]
    public void Ordinal_PerLocale(string locale, double value, PluralCategory expected) =>
        Assert.Equal(expected, PluralRules.ForLocale(locale).GetOrdinalCategory(value));

    [Theory]
    [InlineData("fr-CA", "fr")]
    [InlineData("FR_fr", "fr")]
    [InlineData("pt-PT", "pt-pt")]
    [InlineData("pt-BR", "pt")]
    [InlineData("zh-Hant-TW", "zh")]
    [InlineData(" ru ", "ru")]
    public void ForLocale_MatchesCaseInsensitivelyAndDropsSubtags(string tag, string expected)
    {
        Assert.True(PluralRules.TryGetForLocale(tag, out var rules));
        Assert.Equal(expected, Assert.IsType<CldrPluralRules>(rules).Locale);
        Assert.Same(rules, PluralRules.ForLocale(tag));
    }

    [Theory]
    [InlineData("tlh")]
    [InlineData("")]
    [InlineData("x-klingon")]
    public void ForLocale_UnknownLocale_UsesRootRulesWhereEverythingIsOther(string tag)
    {
        Assert.False(PluralRules.TryGetForLocale(tag, out _));
        var rules = PluralRules.ForLocale(tag);
        Assert.Equal(PluralCategory.Other, rules.GetCardinalCategory(1));
        Assert.Equal(PluralCategory.Other, rules.GetOrdinalCategory(2));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(-1.0)]
    [InlineData(1e300)]
    [InlineData(1e-300)]
    public void ExtremeValues_NeverThrow(double value)
    {
        foreach (var locale in PluralRules.Locales)
        {
            var rules = PluralRules.ForLocale(locale);
            _ = rules.GetCardinalCategory(value);
            _ = rules.GetOrdinalCategory(value);
        }
    }

    [Fact]
    public void English_BuiltIn_AgreesWithCldrEnglishOnWholeNumbers()
    {
        var cldr = PluralRules.ForLocale("en");
        for (var n = 0; n < 1200; n++)
        {
            Assert.Equal(cldr.GetCardinalCategory(n), PluralRules.English.GetCardinalCategory(n));
            Assert.Equal(cldr.GetOrdinalCategory(n), PluralRules.English.GetOrdinalCategory(n));
        }
    }

    [Fact]
    public void Data_IsFromCldr48_AndCoversManyLocales()
    {
        Assert.Equal("48", PluralRules.CldrVersion);
        Assert.True(PluralRules.Locales.Count > 200);
    }
}
