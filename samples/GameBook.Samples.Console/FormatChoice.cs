using System.CommandLine.Parsing;

namespace GameBook.Samples.Console;

/// <summary>
/// Parses a format option's value from a fixed list of lower-case names, so a wrong value gets one line naming the
/// choices (instead of the CLR enum type). Thread-safe (stateless).
/// </summary>
internal static class FormatChoice
{
    /// <summary>The value named by the option's token, or an error on <paramref name="result"/> listing <paramref name="choices"/>.</summary>
    public static T Parse<T>(ArgumentResult result, string option, params (string Name, T Value)[] choices)
        where T : struct, Enum
    {
        var value = result.Tokens.Count == 0 ? "" : result.Tokens[0].Value;
        foreach (var (name, choice) in choices)
        {
            if (string.Equals(name, value, StringComparison.OrdinalIgnoreCase))
            {
                return choice;
            }
        }

        result.AddError($"'{value}' is not a value {option} knows: use {string.Join(", ", choices.Select(c => c.Name).SkipLast(1))} or {choices[^1].Name}.");
        return default;
    }
}
