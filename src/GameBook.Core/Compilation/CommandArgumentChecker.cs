using System.Globalization;
using GameBook.Library;
using GameBook.Syntax;
using GameBook.Values;

namespace GameBook.Compilation;

/// <summary>
/// Checks a registered command's literal arguments against its parameter types. Commands with inline
/// expressions are checked at run time instead, since their text is only known then.
/// </summary>
internal static class CommandArgumentChecker
{
    public static void Check(CommandStatement command, CommandInfo info, SourceText source, DiagnosticBag diagnostics)
    {
        if (command.Parts.Count != 1 || command.Parts[0].Literal is not { } text)
        {
            return;
        }

        var words = Split(text);
        var arguments = words.Count - 1;
        if (arguments != info.ParameterTypes.Length)
        {
            diagnostics.Error(DiagnosticCodes.WrongArgumentCount, source, command.Start, command.End,
                $"The command '{info.Name}' takes {info.ParameterTypes.Length} argument(s) but is given {arguments}: its signature is {info}.");
            return;
        }

        for (var i = 0; i < arguments; i++)
        {
            var type = info.ParameterTypes[i];
            var word = words[i + 1];
            var ok = type == StoryType.Number ? double.TryParse(word, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
                : type == StoryType.Bool ? word is "true" or "false"
                : true;
            if (!ok)
            {
                diagnostics.Error(DiagnosticCodes.TypeMismatch, source, command.Start, command.End,
                    $"Argument {i + 1} of the command '{info.Name}' must be a {type.Name}, but '{word}' is not: its signature is {info}.");
            }
        }
    }

    /// <summary>Splits on whitespace, keeping double-quoted runs together (quotes removed).</summary>
    private static List<string> Split(string text)
    {
        var words = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            if (i >= text.Length)
            {
                break;
            }

            if (text[i] == '"')
            {
                var close = text.IndexOf('"', i + 1);
                close = close < 0 ? text.Length : close;
                words.Add(text[(i + 1)..close]);
                i = close + 1;
                continue;
            }

            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            words.Add(text[start..i]);
        }

        return words;
    }
}
