using System.Globalization;
using GameBook.Outline;

namespace GameBook.Authoring.Export.Print;

/// <summary>
/// The words a printed gamebook uses for its instructions, in one language: "turn to 52", "if you have the lantern",
/// "roll two dice: 7 or more". Fragments are lower case (the composer capitalizes sentences and adds full stops).
/// Section numbers arrive as text to insert unchanged (they may carry the writer's link marks).
/// Built in: <see cref="English"/> and <see cref="Italian"/>; subclass it for another language. Implementations
/// must be immutable and thread-safe (one instance serves parallel exports).
/// </summary>
public abstract class PrintPhrases
{
    /// <summary>English ("turn to 52").</summary>
    public static PrintPhrases English { get; } = new EnglishPrintPhrases();

    /// <summary>Italian ("vai al 52").</summary>
    public static PrintPhrases Italian { get; } = new ItalianPrintPhrases();

    /// <summary>The culture whose rules capitalize sentences.</summary>
    public abstract CultureInfo Culture { get; }

    /// <summary>The phrases for a culture: Italian for <c>it</c>, English otherwise.</summary>
    public static PrintPhrases For(CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        return culture.TwoLetterISOLanguageName == "it" ? Italian : English;
    }

    /// <summary>"turn to 52".</summary>
    public abstract string TurnTo(string section);

    /// <summary>"turn to 30, then come back to 12" (a detour that returns).</summary>
    public abstract string Detour(string section, string returnTo);

    /// <summary>"return to the section you came from" (the end of a detour).</summary>
    public abstract string ReturnFromDetour { get; }

    /// <summary>"turn to the section that {0} names" for a destination computed at run time.</summary>
    public abstract string DynamicTurnTo(string expression);

    /// <summary>"read on" (an option whose flow continues in the same section).</summary>
    public abstract string ReadOn { get; }

    /// <summary>"The End".</summary>
    public abstract string TheEnd { get; }

    /// <summary>"Begin at section 1." on the title page.</summary>
    public abstract string BeginAt(string section);

    /// <summary>"if {0}".</summary>
    public abstract string IfCondition(string condition);

    /// <summary>"otherwise, if {0}".</summary>
    public abstract string OtherwiseIf(string condition);

    /// <summary>"otherwise {0}" (the instruction of an else).</summary>
    public abstract string Otherwise(string instruction);

    /// <summary>"Otherwise:" heading a block of text.</summary>
    public abstract string OtherwiseHeading { get; }

    /// <summary>The word joining conditions: "and".</summary>
    public abstract string AndWord { get; }

    /// <summary>The word joining alternatives: "or".</summary>
    public abstract string OrWord { get; }

    /// <summary>"you have the lantern".</summary>
    public abstract string Has(string item);

    /// <summary>"you do not have the lantern".</summary>
    public abstract string HasNot(string item);

    /// <summary>"you have at least 3 gold coin" and other comparisons of an item count.</summary>
    public abstract string ItemCount(string item, OutlineOperator comparison, string value);

    /// <summary>"you have the codeword Brave" (a true/false variable).</summary>
    public abstract string Codeword(string name);

    /// <summary>"you do not have the codeword Brave".</summary>
    public abstract string NoCodeword(string name);

    /// <summary>"your gold is more than 3" and other comparisons of a variable with a value.</summary>
    public abstract string Compare(string name, OutlineOperator comparison, string value);

    /// <summary>"you have already been to 31".</summary>
    public abstract string Visited(string section);

    /// <summary>"you have not been to 31 yet".</summary>
    public abstract string NotVisited(string section);

    /// <summary>"it is not true that {0}".</summary>
    public abstract string NotTrue(string condition);

    /// <summary>"the condition {0} holds": a condition with no plainer phrasing (shown in story syntax).</summary>
    public abstract string Condition(string expression);

    /// <summary>"roll two dice", "roll one die and add 1", "roll a 20-sided die".</summary>
    public abstract string Roll(int dice, int sides, int modifier);

    /// <summary>"7 or more".</summary>
    public abstract string OrMore(int total);

    /// <summary>"4 or less".</summary>
    public abstract string OrLess(int total);

    /// <summary>"exactly 12".</summary>
    public abstract string Exactly(int total);

    /// <summary>"anything but 12".</summary>
    public abstract string AnythingBut(int total);

    /// <summary>"you roll 7 or more on two dice": a roll inside a longer condition.</summary>
    public abstract string Rolled(string roll, string range);

    /// <summary>"add 2 to your gold".</summary>
    public abstract string Add(string name, string amount);

    /// <summary>"subtract 3 from your gold".</summary>
    public abstract string Subtract(string name, string amount);

    /// <summary>"set your gold to 10".</summary>
    public abstract string SetValue(string name, string value);

    /// <summary>"note the codeword Brave".</summary>
    public abstract string GainCodeword(string name);

    /// <summary>"cross out the codeword Brave".</summary>
    public abstract string LoseCodeword(string name);

    /// <summary>"add the lantern to your inventory" (count 1) or "add 5 × gold coin to your inventory".</summary>
    public abstract string Give(string item, string? count);

    /// <summary>"cross the lantern off your inventory".</summary>
    public abstract string Take(string item, string? count);

    /// <summary>How a value shown in the text reads: "(your gold)".</summary>
    public abstract string Hole(string name);

    /// <summary>Joins instructions: "a, b and c".</summary>
    public virtual string List(IReadOnlyList<string> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        return parts.Count switch
        {
            0 => "",
            1 => parts[0],
            _ => string.Join(", ", parts.Take(parts.Count - 1)) + " " + AndWord + " " + parts[^1],
        };
    }

    /// <summary>A variable's reader-facing name: <c>$gold_coins</c> reads "gold coins".</summary>
    public virtual string VariableName(string variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        return variable.TrimStart('$').Replace('_', ' ');
    }

    /// <summary>A number as printed.</summary>
    public virtual string Number(double value) => value.ToString("0.##", Culture);

    /// <summary>Capitalizes the first letter of a sentence.</summary>
    public virtual string Sentence(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length == 0 ? text : char.ToUpper(text[0], Culture) + text[1..];
    }
}
