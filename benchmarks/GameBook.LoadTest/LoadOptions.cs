using System.Globalization;

namespace GameBook.LoadTest;

/// <summary>The tool's arguments. Immutable.</summary>
internal sealed record LoadOptions(int Chooses, int Players, IReadOnlyList<int> Runs, string? Out)
{
    /// <summary>Parses the arguments; null when one is unknown or malformed.</summary>
    public static LoadOptions? Parse(string[] args)
    {
        var chooses = 4_000;
        var players = 32;
        IReadOnlyList<int> runs = [0, 1, 2];
        string? output = null;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--chooses" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 100:
                    chooses = n;
                    break;
                case "--players" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is >= 1 and <= 4096:
                    players = p;
                    break;
                case "--runs" when value is not null && ParseRuns(value) is { } parsed:
                    runs = parsed;
                    break;
                case "--out" when value is not null:
                    output = value;
                    break;
                default:
                    return null;
            }

            i++;
        }

        return new LoadOptions(chooses, players, runs, output);
    }

    // "memory" is run 0; a number is that many silos on the Orleans store.
    private static List<int>? ParseRuns(string value)
    {
        var runs = new List<int>();
        foreach (var part in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (part == "memory")
            {
                runs.Add(0);
            }
            else if (int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var silos) && silos is >= 1 and <= 8)
            {
                runs.Add(silos);
            }
            else
            {
                return null;
            }
        }

        return runs.Count == 0 ? null : runs;
    }
}
