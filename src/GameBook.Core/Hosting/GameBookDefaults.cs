namespace GameBook.Hosting;

/// <summary>
/// Default values of <see cref="GameBookOptions"/> and the names the hosting layer uses. Constants only, so thread-safe.
/// </summary>
public static class GameBookDefaults
{
    /// <summary>The configuration section <c>AddGameBook(IConfiguration)</c> callers usually bind: <c>GameBook</c>.</summary>
    public const string SectionName = "GameBook";

    /// <summary>Default <see cref="GameBookOptions.StoriesPath"/>: <c>stories</c>, relative to the content root.</summary>
    public const string StoriesPath = "stories";

    /// <summary>Default <see cref="GameBookOptions.ReloadOnChange"/>: <see langword="true"/>.</summary>
    public const bool ReloadOnChange = true;

    /// <summary>Default <see cref="GameBookOptions.ReloadDebounce"/>: 250 milliseconds.</summary>
    public static readonly TimeSpan ReloadDebounce = TimeSpan.FromMilliseconds(250);

    /// <summary>Largest accepted <see cref="GameBookOptions.ReloadDebounce"/>, as the validator's range bound: 10 minutes.</summary>
    public const string MaxReloadDebounce = "00:10:00";

    /// <summary>Default <see cref="GameBookOptions.MaxNestingDepth"/>: 128, as the compiler's own default.</summary>
    public const int MaxNestingDepth = 128;

    /// <summary>Default <see cref="GameBookOptions.MaxInstructionsPerStep"/>: 100 000, as the runtime's own default.</summary>
    public const int MaxInstructionsPerStep = 100_000;

    /// <summary>The extension of story source files: <c>.yarn</c>.</summary>
    public const string StoryFileExtension = ".yarn";
}
