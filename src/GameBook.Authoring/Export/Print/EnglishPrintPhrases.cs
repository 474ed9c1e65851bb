using System.Globalization;
using GameBook.Outline;

namespace GameBook.Authoring.Export.Print;

/// <summary>English instructions. Immutable and thread-safe.</summary>
internal sealed class EnglishPrintPhrases : PrintPhrases
{
    private static readonly string[] Numbers = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];

    public override CultureInfo Culture { get; } = CultureInfo.GetCultureInfo("en");

    public override string ReturnFromDetour => "return to the section you came from";

    public override string ReadOn => "read on";

    public override string TheEnd => "The End";

    public override string OtherwiseHeading => "Otherwise:";

    public override string AndWord => "and";

    public override string OrWord => "or";

    public override string TurnTo(string section) => $"turn to {section}";

    public override string Detour(string section, string returnTo) => $"turn to {section}, then come back to {returnTo}";

    public override string DynamicTurnTo(string expression) => $"turn to the section that {expression} names";

    public override string BeginAt(string section) => $"Begin at section {section}.";

    public override string IfCondition(string condition) => "if " + condition;

    public override string OtherwiseIf(string condition) => "otherwise, if " + condition;

    public override string Otherwise(string instruction) => "otherwise " + instruction;

    public override string Has(string item) => $"you have the {item}";

    public override string HasNot(string item) => $"you do not have the {item}";

    public override string ItemCount(string item, OutlineOperator comparison, string value) => $"you have {Comparison(comparison, value)} {item}";

    public override string Codeword(string name) => $"you have the codeword {name}";

    public override string NoCodeword(string name) => $"you do not have the codeword {name}";

    public override string Compare(string name, OutlineOperator comparison, string value) => $"your {name} is {Comparison(comparison, value)}";

    public override string Visited(string section) => $"you have already been to {section}";

    public override string NotVisited(string section) => $"you have not been to {section} yet";

    public override string NotTrue(string condition) => "it is not true that " + condition;

    public override string Condition(string expression) => $"the condition {expression} holds";

    public override string Roll(int dice, int sides, int modifier)
    {
        var what = sides == 100 && dice == 1 ? "percentile dice"
            : sides == 6 ? (dice == 1 ? "one die" : $"{Count(dice)} dice")
            : dice == 1 ? $"a {sides}-sided die" : $"{Count(dice)} {sides}-sided dice";
        return "roll " + what + (modifier > 0 ? $" and add {modifier}" : modifier < 0 ? $" and subtract {-modifier}" : "");
    }

    public override string OrMore(int total) => $"{total} or more";

    public override string OrLess(int total) => $"{total} or less";

    public override string Exactly(int total) => $"exactly {total}";

    public override string AnythingBut(int total) => $"anything but {total}";

    public override string Rolled(string roll, string range) => $"you {roll} and score {range}";

    public override string Add(string name, string amount) => $"add {amount} to your {name}";

    public override string Subtract(string name, string amount) => $"subtract {amount} from your {name}";

    public override string SetValue(string name, string value) => $"set your {name} to {value}";

    public override string GainCodeword(string name) => $"note the codeword {name}";

    public override string LoseCodeword(string name) => $"cross out the codeword {name}";

    public override string Give(string item, string? count) => count is null ? $"add the {item} to your inventory" : $"add {count} × {item} to your inventory";

    public override string Take(string item, string? count) => count is null ? $"cross the {item} off your inventory" : $"cross {count} × {item} off your inventory";

    public override string Hole(string name) => $"(your {name})";

    private static string Count(int n) => n >= 0 && n < Numbers.Length ? Numbers[n] : n.ToString(CultureInfo.InvariantCulture);

    private static string Comparison(OutlineOperator op, string value) => op switch
    {
        OutlineOperator.Greater => "more than " + value,
        OutlineOperator.GreaterOrEqual => "at least " + value,
        OutlineOperator.Less => "less than " + value,
        OutlineOperator.LessOrEqual => "at most " + value,
        OutlineOperator.NotEqual => "not " + value,
        _ => "exactly " + value,
    };
}
