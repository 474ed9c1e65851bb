using System.Globalization;
using GameBook.Outline;

namespace GameBook.Authoring.Export.Print;

/// <summary>Italian instructions, in the style of Italian gamebooks ("vai al 52"). Immutable and thread-safe.</summary>
internal sealed class ItalianPrintPhrases : PrintPhrases
{
    private static readonly string[] Numbers = ["nessun", "un", "due", "tre", "quattro", "cinque", "sei", "sette", "otto", "nove", "dieci"];

    public override CultureInfo Culture { get; } = CultureInfo.GetCultureInfo("it");

    public override string ReturnFromDetour => "torna al paragrafo da cui sei arrivato";

    public override string ReadOn => "continua a leggere";

    public override string TheEnd => "Fine";

    public override string OtherwiseHeading => "Altrimenti:";

    public override string AndWord => "e";

    public override string OrWord => "o";

    public override string TurnTo(string section) => $"vai al {section}";

    public override string Detour(string section, string returnTo) => $"vai al {section}, poi torna al {returnTo}";

    public override string DynamicTurnTo(string expression) => $"vai al paragrafo indicato da {expression}";

    public override string BeginAt(string section) => $"Comincia dal paragrafo {section}.";

    public override string IfCondition(string condition) => "se " + condition;

    public override string OtherwiseIf(string condition) => "altrimenti, se " + condition;

    public override string Otherwise(string instruction) => "altrimenti " + instruction;

    public override string Has(string item) => $"possiedi «{item}»";

    public override string HasNot(string item) => $"non possiedi «{item}»";

    public override string ItemCount(string item, OutlineOperator comparison, string value) => $"possiedi {Comparison(comparison, value)} «{item}»";

    public override string Codeword(string name) => $"hai la parola chiave «{name}»";

    public override string NoCodeword(string name) => $"non hai la parola chiave «{name}»";

    public override string Compare(string name, OutlineOperator comparison, string value) => $"il tuo punteggio di {name} è {Comparison(comparison, value)}";

    public override string Visited(string section) => $"sei già stato al {section}";

    public override string NotVisited(string section) => $"non sei ancora stato al {section}";

    public override string NotTrue(string condition) => "non è vero che " + condition;

    public override string Condition(string expression) => $"la condizione {expression} è vera";

    public override string Roll(int dice, int sides, int modifier)
    {
        var what = sides == 100 && dice == 1 ? "i dadi percentuali"
            : dice == 1 ? (sides == 6 ? "un dado" : $"un dado da {sides}")
            : sides == 6 ? $"{Count(dice)} dadi" : $"{Count(dice)} dadi da {sides}";
        return "tira " + what + (modifier > 0 ? $" e aggiungi {modifier}" : modifier < 0 ? $" e sottrai {-modifier}" : "");
    }

    public override string OrMore(int total) => $"{total} o più";

    public override string OrLess(int total) => $"{total} o meno";

    public override string Exactly(int total) => $"esattamente {total}";

    public override string AnythingBut(int total) => $"qualsiasi numero tranne {total}";

    public override string Rolled(string roll, string range) => $"{roll} e ottieni {range}";

    public override string Add(string name, string amount) => $"aggiungi {amount} al tuo punteggio di {name}";

    public override string Subtract(string name, string amount) => $"togli {amount} dal tuo punteggio di {name}";

    public override string SetValue(string name, string value) => $"porta il tuo punteggio di {name} a {value}";

    public override string GainCodeword(string name) => $"annota la parola chiave «{name}»";

    public override string LoseCodeword(string name) => $"cancella la parola chiave «{name}»";

    public override string Give(string item, string? count) => count is null ? $"aggiungi «{item}» al tuo inventario" : $"aggiungi {count} × «{item}» al tuo inventario";

    public override string Take(string item, string? count) => count is null ? $"togli «{item}» dal tuo inventario" : $"togli {count} × «{item}» dal tuo inventario";

    public override string Hole(string name) => $"({name})";

    private static string Count(int n) => n >= 0 && n < Numbers.Length ? Numbers[n] : n.ToString(CultureInfo.InvariantCulture);

    private static string Comparison(OutlineOperator op, string value) => op switch
    {
        OutlineOperator.Greater => "superiore a " + value,
        OutlineOperator.GreaterOrEqual => "almeno " + value,
        OutlineOperator.Less => "inferiore a " + value,
        OutlineOperator.LessOrEqual => "al massimo " + value,
        OutlineOperator.NotEqual => "diverso da " + value,
        _ => "esattamente " + value,
    };
}
