using System.Globalization;
using System.Text;
using GameBook.Library;
using GameBook.Values;

namespace GameBook.Runtime;

/// <summary>Splits command text into words and converts them for registered handlers.</summary>
internal static class CommandText
{
    /// <summary>Whitespace-separated words; a double-quoted run is one word without its quotes (<c>\"</c> inside is a quote).</summary>
    public static List<string> Split(string text)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inQuotes = false;
        var hasWord = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inQuotes)
            {
                if (c == '\\' && i + 1 < text.Length && text[i + 1] is '"' or '\\')
                {
                    word.Append(text[++i]);
                }
                else if (c == '"')
                {
                    inQuotes = false;
                }
                else
                {
                    word.Append(c);
                }
            }
            else if (char.IsWhiteSpace(c))
            {
                if (hasWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    hasWord = false;
                }
            }
            else if (c == '"')
            {
                inQuotes = true;
                hasWord = true;
            }
            else
            {
                word.Append(c);
                hasWord = true;
            }
        }

        if (hasWord)
        {
            words.Add(word.ToString());
        }

        return words;
    }

    /// <summary>Converts arguments to the handler's parameter types; a mismatch is a story error.</summary>
    public static StoryValue[] Convert(CommandInfo command, IReadOnlyList<string> arguments)
    {
        var types = command.ParameterTypes;
        if (arguments.Count != types.Length)
        {
            throw new StoryFault(StoryErrorKind.CommandFailed, $"The command {command.Name} takes {types.Length} argument(s) but got {arguments.Count}.");
        }

        var values = new StoryValue[types.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var text = arguments[i];
            var kind = types[i].Kind;
            if (kind == ValueKind.Number)
            {
                values[i] = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                    ? StoryValue.FromNumber(number)
                    : throw new StoryFault(StoryErrorKind.CommandFailed, $"Argument {i + 1} of {command.Name} must be a number, not '{text}'.");
            }
            else if (kind == ValueKind.Bool)
            {
                values[i] = bool.TryParse(text, out var flag)
                    ? StoryValue.FromBool(flag)
                    : throw new StoryFault(StoryErrorKind.CommandFailed, $"Argument {i + 1} of {command.Name} must be true or false, not '{text}'.");
            }
            else
            {
                values[i] = StoryValue.FromString(text);
            }
        }

        return values;
    }
}
