using System.CommandLine;
using System.Text.RegularExpressions;

namespace GameBook.Samples.Console;

/// <summary>
/// <c>gamebook new NAME</c>: a folder <c>NAME/</c> with a starter gamebook (<c>NAME.yarn</c>: numbered sections, a
/// stat, an item, a dice roll, two endings) that passes <c>check --warnings</c> and <c>test</c>, and a README of the
/// commands. Refuses to write into a folder that exists and is not empty.
/// </summary>
public static partial class NewCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var name = new Argument<string>("NAME") { Description = "The project's name: letters, digits, '-' and '_'; also the folder created." };
        var command = new Command("new", "Create a story project: a folder with a starter gamebook and a README of the commands.") { name };
        command.SetAction(r => Run(r.GetValue(name)!, Environment.CurrentDirectory, context.Output, context.Error));
        return command;
    }

    /// <summary>Creates the project under <paramref name="parent"/>: 0, or 2 for a bad name or an occupied folder.</summary>
    public static int Run(string name, string parent, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (!ValidName().IsMatch(name))
        {
            error.WriteLine($"error: '{name}' is not a usable project name: use letters, digits, '-' and '_' (at most 64), starting with a letter or digit.");
            return StoryFiles.ExitUsage;
        }

        var folder = Path.Combine(parent, name);
        if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
        {
            error.WriteLine($"error: '{folder}' already exists and is not empty: choose another name or remove it.");
            return StoryFiles.ExitUsage;
        }

        if (File.Exists(folder))
        {
            error.WriteLine($"error: '{folder}' is a file: choose another name.");
            return StoryFiles.ExitUsage;
        }

        var story = name + ".yarn";
        try
        {
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, story), StarterStory.ReplaceLineEndings("\n"));
            File.WriteAllText(Path.Combine(folder, "README.md"), Readme(name, story).ReplaceLineEndings("\n"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: cannot create '{folder}': {e.Message}");
            return StoryFiles.ExitUsage;
        }

        output.WriteLine($"Created {folder}/ with {story} and README.md. Next:");
        output.WriteLine($"  cd {name}");
        output.WriteLine($"  gamebook check --warnings {story}");
        output.WriteLine($"  gamebook play --watch {story}");
        return StoryFiles.ExitOk;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")]
    private static partial Regex ValidName();

    private static string Readme(string name, string story) => $$"""
        # {{name}}

        A gamebook written in the Yarn story language for GameBook Studio. `{{story}}` holds the story; add more
        `.yarn` files beside it and pass them all to each command (nodes can jump across files).

        | command | what it does |
        | --- | --- |
        | `gamebook check --warnings {{story}}` | compiler errors and analysis warnings, with the source line |
        | `gamebook play --watch {{story}}` | play it; each saved edit replays your choices into the new version |
        | `gamebook test {{story}} -n 1000` | 1000 random playthroughs: coverage, endings, runtime errors, soft-locks |
        | `gamebook explore {{story}}` | every reachable state: which endings can be reached, and how |
        | `gamebook stats {{story}}` | words, lines, nodes, options, sections, variables |
        | `gamebook transcript {{story}} --choices 1,2` | a deterministic playthrough, one line per event |

        While playing, type an option's number, or `back`, `save`, `load`, `restart`, `inventory`, `vars`, `help`, `quit`.
        """;

    private const string StarterStory = """
        title: Start
        section: 1
        ---
        <<declare $courage = 3>>
        You wake on a beach of black sand. A lantern lies beside you, still warm.
        -> Take the lantern
            <<give "lantern">>
            You lift it; the flame does not flicker.
            <<jump Cliffs>>
        -> Leave it and walk along the shore
            <<jump Shore>>
        ===

        title: Cliffs
        section: 2
        ---
        A path climbs the cliffs. Halfway up, a gull screams at you.
        <<set $courage to $courage + roll("1d6") - 3>>
        -> Climb on <<if $courage > 2>>
            <<jump Summit>>
        -> Climb down
            <<jump Shore>>
        ===

        title: Shore
        section: 3
        ---
        The tide comes in fast.
        The lantern shows a cave above the waterline. <<if has("lantern")>>
        -> Shelter in the cave <<if has("lantern")>>
            <<jump Summit>>
        -> Swim for the rocks
            <<jump Drowned>>
        ===

        title: Summit
        section: 4
        tags: ending
        ---
        From the summit you see the lighthouse, dark. You know now what you came here to do.
        ===

        title: Drowned
        section: 5
        tags: death
        ---
        The sea takes you. Your story ends here.
        ===
        """;
}
