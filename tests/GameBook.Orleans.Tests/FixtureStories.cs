namespace GameBook.Orleans.Tests;

/// <summary>The tests' own small stories (never the bundled gamebook) in a temporary folder, deleted on dispose.</summary>
public sealed class FixtureStories : IDisposable
{
    /// <summary>A dice-driven crossing: seeds change the lines, the options offered and the ending.</summary>
    public const string Crossing = """
        title: Start
        ---
        <<declare $gold = 3>>
        <<declare $day = 0>>
        You stand at the ferry with {$gold} coins.
        <<jump Dock>>
        ===
        title: Dock
        ---
        <<set $day to $day + 1>>
        <<set $gold to $gold + dice(3) - 2>>
        Day {$day}: the ferryman eyes your purse of {$gold} coins.
        <<toll {$gold}>>
        -> Pay the fare <<if $gold >= 4>>
            <<jump Ferry>>
        -> Fish for a day
            <<set $gold to $gold + dice(2)>>
            <<jump Dock>> 
        -> Swim <<if $day >= 3>>
            <<jump River>>
        -> Wait <<if $day < 6>>
            <<jump Dock>>
        ===
        title: Ferry
        tags: ending
        ---
        The ferry carries you across.
        ===
        title: River
        ---
        <<if dice(6) > 3>>
            You reach the far bank, soaked.
            <<jump Bank>>
        <<else>>
            The current takes you.
            <<jump Drowned>>
        <<endif>>
        ===
        title: Bank
        tags: ending
        ---
        You walk on.
        ===
        title: Drowned
        tags: death
        ---
        The river keeps you.
        ===
        """;

    /// <summary>A story with no randomness, for exact single-session checks.</summary>
    public const string Hall = """
        title: Start
        ---
        A hall with two doors.
        -> Left
            <<jump Left>>
        -> Right <<if false>>
            <<jump Right>>
        -> Wait
            You wait.
            <<jump Start>>
        ===
        title: Left
        tags: ending
        ---
        The left door opens.
        ===
        title: Right
        ---
        Unreachable.
        ===
        """;

    public FixtureStories()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "gamebook-orleans-stories-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
        Write("crossing", Crossing);
        Write("hall", Hall);
    }

    public string Path { get; }

    public void Write(string name, string text) => File.WriteAllText(System.IO.Path.Combine(Path, name + ".yarn"), text);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
