using GameBook.Compilation;
using GameBook.Runtime;

namespace GameBook.Authoring.Tests.Export;

/// <summary>Small fixture stories for exact export outputs, and the approved-file snapshot helper.</summary>
internal static class ExportFixtures
{
    /// <summary>A tiny gamebook using every construct the print export phrases.</summary>
    public const string Tower = """
        title: Start
        group: outside
        ---
        <<declare $gold = 5>>
        <<declare $brave = false>>
        You stand at the foot of the old tower. The door is shut.
        -> Knock on the door
            <<jump Door>>
        -> Climb the ivy <<if $brave>>
            <<jump Ivy>>
        -> Search the grass
            <<give "lantern">>
            <<set $gold to $gold + 2>>
            You find a lantern and two coins.
            <<jump Door>>
        ===
        title: Door
        group: outside
        ---
        The door creaks open onto a dark stair.
        <<if has("lantern")>>
            <<jump Stair>>
        <<else>>
            <<jump Dark>>
        <<endif>>
        ===
        title: Stair
        group: tower
        ---
        <<set $brave to true>>
        Your lantern shows a troll asleep on the landing. You carry {$gold} gold.
        -> Pay the troll <<if $gold >= 3>>
            <<set $gold to $gold - 3>>
            <<jump Top>>
        -> Fight the troll
            <<detour Combat>>
            <<if roll("2d6") >= 7>>
                <<jump Top>>
            <<else>>
                <<jump Dark>>
            <<endif>>
        ===
        title: Combat
        group: tower
        ---
        You fight with all you have, and [b]drop[/b] the lantern.
        <<take "lantern">>
        ===
        title: Ivy
        section: 7
        ---
        The ivy holds. You climb to a window.
        <<jump Top>>
        ===
        title: Dark
        tags: death
        ---
        You fall in the dark.
        ===
        title: Top
        tags: ending
        group: tower
        ---
        At the top the keeper greets you warmly.
        ===
        title: Forgotten
        ---
        Nobody ever comes here.
        ===
        """;

    public static Story Compile(string text, string file = "tower.yarn") => Compile([new StorySource(file, text)]);

    public static Story Compile(IEnumerable<StorySource> sources)
    {
        var result = StoryCompiler.Compile(sources, new CompileOptions { IncludeOutline = true });
        Assert.False(result.HasErrors, string.Join(Environment.NewLine, result.Diagnostics));
        return result.Story!;
    }

    /// <summary>
    /// Compares <paramref name="actual"/> with <c>tests/GameBook.Authoring.Tests/Export/Approved/{name}</c>; on a mismatch
    /// (or when the approved file is missing) writes <c>{name}.received</c> there and fails, so a reviewer can diff and
    /// approve it. The folder is found from the test assembly's location, not the compiler's source path, which a
    /// deterministic CI build maps to <c>/_/</c>.
    /// </summary>
    public static void Approve(string actual, string name)
    {
        var folder = Path.Combine(RepositoryRoot(), "tests", "GameBook.Authoring.Tests", "Export", "Approved");
        var approved = Path.Combine(folder, name);
        var received = approved + ".received";
        if (File.Exists(approved) && File.ReadAllText(approved).ReplaceLineEndings("\n") == actual)
        {
            File.Delete(received);
            return;
        }

        Directory.CreateDirectory(folder);
        File.WriteAllText(received, actual);
        Assert.Fail(File.Exists(approved)
            ? $"The output differs from {approved}: compare it with {received}, and if the change is right, replace the approved file with it."
            : $"No approved file {approved} yet: review {received} and rename it to approve it.");
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GameBookStudio.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"GameBookStudio.sln not found above {AppContext.BaseDirectory}.");
    }
}
