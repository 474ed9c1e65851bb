using System.Globalization;
using System.Text;

namespace GameBook.Authoring.Import;

/// <summary>The static types a converted expression can have.</summary>
internal enum ExprType
{
    Unknown,
    Number,
    String,
    Bool,
}

/// <summary>
/// Converts the small subset of Harlowe and SugarCube expressions that has an exact Yarn equivalent (numbers,
/// plain strings, true/false, <c>$variables</c>, arithmetic, comparisons, and/or/not) to Yarn, checking types as the
/// Yarn compiler will. Anything else (temporary variables, <c>it</c>, <c>contains</c>, method calls, ...) gives null,
/// and the caller keeps the code as text.
/// </summary>
internal sealed class StoryFormatExpressions(Dictionary<string, ExprType> variables)
{
    private static readonly System.Buffers.SearchValues<char> StringSpecials = System.Buffers.SearchValues.Create("\\\"{}[]<>#\n\r");

    private List<string> _tokens = [];
    private int _pos;

    /// <summary>Splits code into tokens (null when it holds anything outside the subset).</summary>
    public static List<string>? Tokenize(string code)
    {
        var list = new List<string>();
        var i = 0;
        while (i < code.Length)
        {
            var c = code[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            if (c is '"' or '\'')
            {
                var end = code.IndexOf(c, i + 1);
                if (end < 0)
                {
                    return null;
                }

                var body = code.AsSpan(i + 1, end - i - 1);
                if (body.IndexOfAny(StringSpecials) >= 0)
                {
                    return null;
                }

                list.Add("\"" + body.ToString() + "\"");
                i = end + 1;
                continue;
            }

            if (char.IsAsciiDigit(c))
            {
                var s = i;
                while (i < code.Length && (char.IsAsciiDigit(code[i]) || code[i] == '.'))
                {
                    i++;
                }

                list.Add(code[s..i]);
                continue;
            }

            if (c == '$' || char.IsAsciiLetter(c) || c == '_')
            {
                var s = i;
                i++;
                while (i < code.Length && (char.IsAsciiLetterOrDigit(code[i]) || code[i] == '_'))
                {
                    i++;
                }

                list.Add(code[s..i]);
                continue;
            }

            string[] ops = ["===", "!==", "==", "!=", "<=", ">=", "&&", "||", "+=", "-=", "*=", "/=", "<", ">", "+", "-", "*", "/", "%", "(", ")", "!", ",", "="];
            var op = ops.FirstOrDefault(o => code.AsSpan(i).StartsWith(o));
            if (op is null)
            {
                return null;
            }

            list.Add(op);
            i += op.Length;
        }

        return list;
    }

    /// <summary>Converts a condition; null when it is outside the subset or not a Bool.</summary>
    public string? Condition(List<string> tokens)
    {
        var (text, type) = Convert(tokens);
        return type == ExprType.Bool ? text : null;
    }

    /// <summary>Converts an expression, with its type; (null, Unknown) when it is outside the subset.</summary>
    public (string? Text, ExprType Type) Convert(List<string> tokens)
    {
        _tokens = tokens;
        _pos = 0;
        if (tokens.Count == 0)
        {
            return (null, ExprType.Unknown);
        }

        var r = Or();
        return _pos == tokens.Count && r.Type != ExprType.Unknown ? r : (null, ExprType.Unknown);
    }

    private string? Peek => _pos < _tokens.Count ? _tokens[_pos] : null;

    private bool Accept(params string[] any)
    {
        if (Peek is { } p && any.Contains(p))
        {
            _pos++;
            return true;
        }

        return false;
    }

    private static readonly (string?, ExprType) Fail = (null, ExprType.Unknown);

    private (string? Text, ExprType Type) Or()
    {
        var left = And();
        while (left.Type != ExprType.Unknown && Accept("or", "||"))
        {
            var right = And();
            left = left.Type == ExprType.Bool && right.Type == ExprType.Bool ? ($"{left.Text} or {right.Text}", ExprType.Bool) : Fail;
        }

        return left;
    }

    private (string? Text, ExprType Type) And()
    {
        var left = Not();
        while (left.Type != ExprType.Unknown && Accept("and", "&&"))
        {
            var right = Not();
            left = left.Type == ExprType.Bool && right.Type == ExprType.Bool ? ($"{left.Text} and {right.Text}", ExprType.Bool) : Fail;
        }

        return left;
    }

    private (string? Text, ExprType Type) Not()
    {
        if (Accept("not", "!"))
        {
            var inner = Not();
            return inner.Type == ExprType.Bool ? ($"not {inner.Text}", ExprType.Bool) : Fail;
        }

        return Comparison();
    }

    private (string? Text, ExprType Type) Comparison()
    {
        var left = Additive();
        if (left.Type == ExprType.Unknown)
        {
            return Fail;
        }

        string? op = null;
        if (Accept("is"))
        {
            op = Accept("not") ? "!=" : "==";
        }
        else if (Accept("==", "===", "eq"))
        {
            op = "==";
        }
        else if (Accept("!=", "!==", "neq", "isnot"))
        {
            op = "!=";
        }
        else if (Peek is "<" or "<=" or ">" or ">=" or "lt" or "lte" or "gt" or "gte")
        {
            op = _tokens[_pos++] switch { "lt" => "<", "lte" => "<=", "gt" => ">", "gte" => ">=", var o => o };
        }

        if (op is null)
        {
            return left;
        }

        var right = Additive();
        if (right.Type != left.Type || right.Type == ExprType.Unknown)
        {
            return Fail;
        }

        if (op is "<" or "<=" or ">" or ">=" && left.Type != ExprType.Number)
        {
            return Fail;
        }

        return ($"{left.Text} {op} {right.Text}", ExprType.Bool);
    }

    private (string? Text, ExprType Type) Additive()
    {
        var left = Multiplicative();
        while (left.Type != ExprType.Unknown && Peek is "+" or "-")
        {
            var op = _tokens[_pos++];
            var right = Multiplicative();
            left = (op, left.Type, right.Type) switch
            {
                (_, ExprType.Number, ExprType.Number) => ($"{left.Text} {op} {right.Text}", ExprType.Number),
                ("+", ExprType.String, ExprType.String) => ($"{left.Text} + {right.Text}", ExprType.String),
                _ => Fail,
            };
        }

        return left;
    }

    private (string? Text, ExprType Type) Multiplicative()
    {
        var left = Unary();
        while (left.Type != ExprType.Unknown && Peek is "*" or "/" or "%")
        {
            var op = _tokens[_pos++];
            var right = Unary();
            left = left.Type == ExprType.Number && right.Type == ExprType.Number ? ($"{left.Text} {op} {right.Text}", ExprType.Number) : Fail;
        }

        return left;
    }

    private (string? Text, ExprType Type) Unary()
    {
        if (Accept("-"))
        {
            var inner = Unary();
            return inner.Type == ExprType.Number ? ($"-{inner.Text}", ExprType.Number) : Fail;
        }

        return Primary();
    }

    private (string? Text, ExprType Type) Primary()
    {
        if (Peek is not { } t)
        {
            return Fail;
        }

        _pos++;
        if (t == "(")
        {
            var inner = Or();
            return inner.Type != ExprType.Unknown && Accept(")") ? ($"({inner.Text})", inner.Type) : Fail;
        }

        if (t is "true" or "false")
        {
            return (t, ExprType.Bool);
        }

        if (t[0] == '"')
        {
            return (t, ExprType.String);
        }

        if (char.IsAsciiDigit(t[0]))
        {
            return double.TryParse(t, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _) && !t.EndsWith('.') ? (t, ExprType.Number) : Fail;
        }

        if (t[0] == '$' && t.Length > 1 && variables.TryGetValue(t, out var type) && type != ExprType.Unknown)
        {
            return (t, type);
        }

        return Fail;
    }

    /// <summary>
    /// Reads assignments (<c>$x to e</c>, <c>$x = e</c>, <c>$x += e</c>, Harlowe's <c>e into $x</c>) separated by
    /// commas; null when the code is not a list of assignments.
    /// </summary>
    public static List<(string Variable, string Op, List<string> Value)>? Assignments(List<string> tokens, bool harlowePut)
    {
        var result = new List<(string, string, List<string>)>();
        foreach (var part in SplitTopLevel(tokens))
        {
            if (harlowePut)
            {
                var into = part.IndexOf("into");
                if (into < 1 || into != part.Count - 2 || !IsVariable(part[^1]))
                {
                    return null;
                }

                result.Add((part[^1], "to", part[..into]));
                continue;
            }

            if (part.Count < 3 || !IsVariable(part[0]) || part[1] is not ("to" or "=" or "+=" or "-=" or "*=" or "/="))
            {
                return null;
            }

            result.Add((part[0], part[1] == "=" ? "to" : part[1], part[2..]));
        }

        return result.Count == 0 ? null : result;
    }

    private static bool IsVariable(string t) => t.Length > 1 && t[0] == '$';

    private static List<List<string>> SplitTopLevel(List<string> tokens)
    {
        var parts = new List<List<string>> { new() };
        var depth = 0;
        foreach (var t in tokens)
        {
            depth += t == "(" ? 1 : t == ")" ? -1 : 0;
            if (t == "," && depth == 0)
            {
                parts.Add([]);
            }
            else
            {
                parts[^1].Add(t);
            }
        }

        return parts;
    }

    /// <summary>The Yarn literal a variable of a type starts at.</summary>
    public static string Default(ExprType type) => type switch
    {
        ExprType.Number => "0",
        ExprType.String => "\"\"",
        _ => "false",
    };

    /// <summary>Appends Yarn for one assignment, or returns false when it cannot be converted.</summary>
    public bool TryAssignment(StringBuilder b, (string Variable, string Op, List<string> Value) a)
    {
        if (!variables.TryGetValue(a.Variable, out var type) || type == ExprType.Unknown)
        {
            return false;
        }

        var (text, valueType) = Convert(a.Value);
        if (text is null || valueType != type || (a.Op is "-=" or "*=" or "/=" && type != ExprType.Number) || (a.Op == "+=" && type == ExprType.Bool))
        {
            return false;
        }

        b.Append("<<set ").Append(a.Variable).Append(' ').Append(a.Op).Append(' ').Append(text).Append(">>");
        return true;
    }
}
