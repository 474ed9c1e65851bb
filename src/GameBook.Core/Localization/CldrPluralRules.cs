using System.Globalization;
using GameBook.Text;

namespace GameBook.Localization;

/// <summary>
/// Plural rules of one locale, evaluated from CLDR rule text (Unicode TR35 "Language Plural Rules" syntax:
/// <c>one: i = 1 and v = 0; few: n % 10 = 2..4 and n % 100 != 12..14</c>). The text is parsed once; evaluation
/// allocates nothing for whole numbers. Immutable and thread-safe.
/// </summary>
internal sealed class CldrPluralRules : IPluralRules
{
    private readonly RuleSet _cardinal;
    private readonly RuleSet _ordinal;

    public CldrPluralRules(string locale, string cardinal, string ordinal)
    {
        Locale = locale;
        _cardinal = RuleSet.Parse(cardinal);
        _ordinal = RuleSet.Parse(ordinal);
    }

    /// <summary>The CLDR locale the rules come from.</summary>
    public string Locale { get; }

    public PluralCategory GetCardinalCategory(double value) => double.IsFinite(value) ? _cardinal.Evaluate(PluralOperands.FromDouble(value)) : PluralCategory.Other;

    public PluralCategory GetOrdinalCategory(double value) => double.IsFinite(value) ? _ordinal.Evaluate(PluralOperands.FromDouble(value)) : PluralCategory.Other;

    /// <summary>The cardinal category of exact operands (tests feed CLDR's decimal samples through this).</summary>
    internal PluralCategory Cardinal(in PluralOperands operands) => _cardinal.Evaluate(operands);

    /// <summary>The ordinal category of exact operands.</summary>
    internal PluralCategory Ordinal(in PluralOperands operands) => _ordinal.Evaluate(operands);

    public override string ToString() => $"CLDR plural rules ({Locale})";

    /// <summary>One relation: <c>operand [% modulus] (= | !=) ranges</c>.</summary>
    private readonly record struct Relation(char Operand, double Modulus, bool Negated, (double Low, double High)[] Ranges)
    {
        public bool Holds(in PluralOperands operands)
        {
            var value = operands.Get(Operand);
            if (Modulus > 0)
            {
                value %= Modulus;
            }

            // TR35: a value is in a range list when it equals one of its values or, for a range a..b, is an
            // integer between a and b; so 2.5 is not in 2..4.
            var inList = false;
            foreach (var (low, high) in Ranges)
            {
                if (low == high ? value == low : value >= low && value <= high && value == Math.Floor(value))
                {
                    inList = true;
                    break;
                }
            }

            return inList != Negated;
        }
    }

    private sealed class RuleSet((PluralCategory Category, Relation[][] Or)[] rules)
    {
        public PluralCategory Evaluate(in PluralOperands operands)
        {
            foreach (var (category, or) in rules)
            {
                foreach (var and in or)
                {
                    var all = true;
                    foreach (var relation in and)
                    {
                        if (!relation.Holds(operands))
                        {
                            all = false;
                            break;
                        }
                    }

                    if (all)
                    {
                        return category;
                    }
                }
            }

            return PluralCategory.Other;
        }

        /// <summary>Parses generated data; malformed text is a bug in the generator, so it throws.</summary>
        public static RuleSet Parse(string text)
        {
            var rules = new List<(PluralCategory, Relation[][])>();
            foreach (var part in Parts(text, ";"))
            {
                var colon = part.IndexOf(':', StringComparison.Ordinal);
                var category = part[..colon].Trim() switch
                {
                    "zero" => PluralCategory.Zero,
                    "one" => PluralCategory.One,
                    "two" => PluralCategory.Two,
                    "few" => PluralCategory.Few,
                    "many" => PluralCategory.Many,
                    var other => throw new FormatException($"Unknown plural category '{other}'."),
                };
                var or = new List<Relation[]>();
                foreach (var andText in Parts(part[(colon + 1)..], " or "))
                {
                    var and = new List<Relation>();
                    foreach (var relationText in Parts(andText, " and "))
                    {
                        and.Add(ParseRelation(relationText));
                    }

                    or.Add([.. and]);
                }

                rules.Add((category, [.. or]));
            }

            return new RuleSet([.. rules]);
        }

        // Split and trim, dropping empty parts (StringSplitOptions.TrimEntries is missing on netstandard2.1).
        private static string[] Parts(string text, string separator) =>
            [.. text.Split([separator], StringSplitOptions.None).Select(p => p.Trim()).Where(p => p.Length > 0)];

        private static Relation ParseRelation(string text)
        {
            var negated = text.Contains("!=", StringComparison.Ordinal);
            var split = Parts(text, negated ? "!=" : "=");
            if (split.Length != 2)
            {
                throw new FormatException($"Malformed plural relation '{text}'.");
            }

            var expr = Parts(split[0], "%");
            var operand = expr[0] == "c" ? 'e' : expr[0][0];
            if (expr[0].Length != 1 || "nivwftec".IndexOf(operand, StringComparison.Ordinal) < 0)
            {
                throw new FormatException($"Unknown plural operand in '{text}'.");
            }

            var modulus = expr.Length > 1 ? double.Parse(expr[1], CultureInfo.InvariantCulture) : 0;
            var ranges = new List<(double, double)>();
            foreach (var item in Parts(split[1], ","))
            {
                var dots = item.IndexOf("..", StringComparison.Ordinal);
                ranges.Add(dots < 0
                    ? (double.Parse(item, CultureInfo.InvariantCulture), double.Parse(item, CultureInfo.InvariantCulture))
                    : (double.Parse(item[..dots], CultureInfo.InvariantCulture), double.Parse(item[(dots + 2)..], CultureInfo.InvariantCulture)));
            }

            return new Relation(operand, modulus, negated, [.. ranges]);
        }
    }
}
