using System.Text;
using GameBook.Compilation;
using GameBook.Library;
using GameBook.Runtime;

namespace GameBook.Authoring.Tests.Exploration;

/// <summary>Small stories whose state spaces are known, and the bundled gamebook.</summary>
internal static class TestStories
{
    public const string Dice = """
        title: Start
        ---
        <<declare $r = 0>>
        <<set $r to dice(3)>>
        You rolled {$r}.
        <<if $r == 3>>
            <<jump Win>>
        <<else>>
            <<jump Lose>>
        <<endif>>
        ===
        title: Win
        tags: ending
        ---
        You win.
        ===
        title: Lose
        tags: death
        ---
        You lose.
        ===
        """;

    // Selling the lantern before the mine: the mine can never be entered, and waiting loops forever.
    public const string Lantern = """
        title: Start
        ---
        <<declare $lantern = true>>
        <<declare $gold = 0>>
        A trader eyes your lantern.
        -> Sell the lantern
            <<set $lantern to false>>
            <<set $gold to 5>>
            <<jump Road>>
        -> Keep it
            <<jump Road>>
        ===
        title: Road
        ---
        The mine is dark.
        -> Enter the mine <<if $lantern>>
            <<jump Mine>>
        -> Wait at the entrance
            <<jump Road>>
        ===
        title: Mine
        tags: ending
        ---
        You find the treasure.
        ===
        title: Secret
        tags: ending
        ---
        Nobody ever comes here.
        -> Leave
            <<jump Mine>>
        ===
        """;

    public const string NothingAvailable = """
        title: Start
        ---
        <<declare $key = false>>
        The door is locked.
        -> Open it <<if $key>>
            <<jump Out>>
        The story stops here.
        ===
        title: Out
        tags: ending
        ---
        Free.
        ===
        """;

    public const string DetourCycle = """
        title: Start
        ---
        -> Go round
            <<detour A>>
        -> Leave
            <<jump Done>>
        ===
        title: A
        ---
        Around we go.
        <<detour B>>
        ===
        title: B
        ---
        <<detour A>>
        ===
        title: Done
        tags: ending
        ---
        Done.
        ===
        """;

    // Two counters raised without bound: the state space never ends.
    public const string Explosion = """
        title: Start
        ---
        <<declare $a = 0>>
        <<declare $b = 0>>
        Counting.
        -> Raise a
            <<set $a to $a + 1>>
            <<jump Start>>
        -> Raise b
            <<set $b to $b + dice(2)>>
            <<jump Start>>
        -> Stop <<if $a + $b > 3>>
            <<jump End>>
        ===
        title: End
        tags: ending
        ---
        The end.
        ===
        """;

    public const string Sampled = """
        title: Start
        ---
        <<if random() < 0.5>>
            <<jump Low>>
        <<else>>
            <<jump High>>
        <<endif>>
        ===
        title: Low
        tags: ending
        ---
        Low.
        ===
        title: High
        tags: ending
        ---
        High.
        ===
        """;

    public const string LineGroup = """
        title: Start
        ---
        => Hello there.
        => Good day.
        -> Bye
            <<jump End>>
        ===
        title: End
        tags: ending
        ---
        Bye.
        ===
        """;

    public const string BigRoll = """
        title: Start
        ---
        <<declare $r = 0>>
        <<set $r to dice(100) + dice(100) + dice(100)>>
        You rolled {$r}.
        ===
        """;

    public static string ManyOptions(int count)
    {
        var text = new StringBuilder("title: Start\n---\nChoose.\n");
        for (var i = 0; i < count; i++)
        {
            text.Append("-> Option ").Append(i).Append("\n    <<jump End>>\n");
        }

        return text.Append("===\ntitle: End\ntags: ending\n---\nThe end.\n===\n").ToString();
    }

    public static Story Compile(string source, FunctionLibrary? library = null)
    {
        var result = StoryCompiler.Compile("test.yarn", source, library is null ? null : new CompileOptions { Library = library });
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        return result.Story!;
    }

    public static Story Bundled()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "stories", "the-lanternkeepers-oath.yarn");
        return Compile(File.ReadAllText(path));
    }
}
