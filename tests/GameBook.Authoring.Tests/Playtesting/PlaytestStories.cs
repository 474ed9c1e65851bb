using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using GameBook.Authoring.Playtesting;
using GameBook.Compilation;
using GameBook.Library;
using GameBook.Runtime;

namespace GameBook.Authoring.Tests.Playtesting;

/// <summary>Small stories with known answers, and helpers the playtesting tests share.</summary>
internal static partial class PlaytestStories
{
    /// <summary>
    /// Four nodes: Start offers Left (an ending, sets $gold to 1), Right (a dead end) and Secret (never available).
    /// Known answers: nodes 3 of 4, lines 3 of 4, options 2 of 3.
    /// </summary>
    public const string Fork = """
        title: Start
        ---
        <<declare $gold = 0>>
        <<declare $brave = false>>
        Hello.
        -> Left
            <<set $gold to 1>>
            <<set $brave to true>>
            <<jump Left>>
        -> Right
            <<jump Right>>
        -> Secret door <<if $gold > 5>>
            <<jump Secret>>
        ===
        title: Left
        tags: ending
        ---
        Left line.
        ===
        title: Right
        ---
        Right line.
        ===
        title: Secret
        ---
        Secret line.
        ===
        """;

    /// <summary>
    /// A hub with eight rooms and eight turns: only a playthrough that visits every room once reaches the vault
    /// (random choice does that in 8!/8^8 = 0.24 % of playthroughs; avoiding used options always does).
    /// </summary>
    public static string Hub()
    {
        var text = new StringBuilder();
        text.AppendLine("title: Start\n---\n<<declare $turns = 0>>\n<<jump Hub>>\n===");
        text.AppendLine("title: Hub\n---");
        text.AppendLine("<<if $turns >= 8>>");
        var all = string.Join(" and ", Enumerable.Range(1, 8).Select(i => $"visited(\"Room{i}\")"));
        text.AppendLine(CultureInfo.InvariantCulture, $"    <<if {all}>>\n        <<jump Vault>>\n    <<endif>>\n    <<jump Outside>>\n<<endif>>");
        for (var i = 1; i <= 8; i++)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"-> Room {i}\n    <<set $turns to $turns + 1>>\n    <<jump Room{i}>>");
        }

        text.AppendLine("===");
        for (var i = 1; i <= 8; i++)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"title: Room{i}\n---\nYou look around room {i}.\n<<jump Hub>>\n===");
        }

        text.AppendLine("title: Vault\ntags: ending\n---\nThe vault opens.\nGold everywhere.\n===");
        text.AppendLine("title: Outside\ntags: ending\n---\nYou leave empty-handed.\n===");
        return text.ToString();
    }

    /// <summary>One node with <paramref name="count"/> options, each leading to the same ending.</summary>
    public static string ManyOptions(int count)
    {
        var text = new StringBuilder("title: Start\n---\nChoose.\n");
        for (var i = 0; i < count; i++)
        {
            text.Append("-> Option ").Append(i).Append("\n    <<jump End>>\n");
        }

        text.Append("===\ntitle: End\ntags: ending\n---\nDone.\n===\n");
        return text.ToString();
    }

    public static Story Compile(string source, FunctionLibrary? library = null)
    {
        var result = StoryCompiler.Compile("test.yarn", source, new CompileOptions { Library = library ?? new FunctionLibrary() });
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        return result.Story!;
    }

    public static Story Lanternkeeper()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "stories", "the-lanternkeepers-oath.yarn");
        return Compile(File.ReadAllText(path));
    }

    /// <summary>The report's JSON without the wall-clock fields, for comparing runs.</summary>
    public static string Content(PlaytestReport report) => ElapsedField().Replace(report.ToJson(), "\"elapsed\": \"-\"");

    [GeneratedRegex("\"elapsed\": \"[^\"]*\"")]
    private static partial Regex ElapsedField();
}

/// <summary>An <see cref="IProgress{T}"/> that records reports on the calling thread (Progress&lt;T&gt; would post them).</summary>
internal sealed class RecordingProgress : IProgress<PlaytestProgress>
{
    private readonly Lock _gate = new();
    private readonly List<PlaytestProgress> _reports = [];

    public IReadOnlyList<PlaytestProgress> Reports
    {
        get
        {
            lock (_gate)
            {
                return [.. _reports];
            }
        }
    }

    public void Report(PlaytestProgress value)
    {
        lock (_gate)
        {
            _reports.Add(value);
        }
    }
}
