using System.ComponentModel.DataAnnotations;

namespace GameBook.Hosting;

/// <summary>
/// Options of the GameBook hosting layer: where the stories live, how they are compiled and whether they are
/// reloaded when their files change. Validated when the host starts (see <c>AddGameBook</c>).
/// Not thread-safe while being configured; treat as read-only once the options system hands it out.
/// </summary>
public sealed class GameBookOptions
{
    /// <summary>
    /// The folder holding the stories: each <c>.yarn</c> file directly in it is one story named after the file
    /// (without extension), and each subfolder is one story named after the folder, made of all the <c>.yarn</c>
    /// files below it. Relative paths are resolved against the host's content root (or the current directory
    /// when there is no host). Default <see cref="GameBookDefaults.StoriesPath"/>.
    /// </summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "GameBookOptions.StoriesPath must name the folder that holds the .yarn stories (it was empty).")]
    public string StoriesPath { get; set; } = GameBookDefaults.StoriesPath;

    /// <summary>
    /// Whether a missing <see cref="StoriesPath"/> folder stops the host from starting. When <see langword="false"/>
    /// (the default) a missing folder is logged as an error and the catalog stays empty; with
    /// <see cref="ReloadOnChange"/> it loads the stories once the folder appears.
    /// </summary>
    public bool RequireStoriesFolder { get; set; }

    /// <summary>Whether stories are recompiled when their files change. Default <see cref="GameBookDefaults.ReloadOnChange"/>.</summary>
    public bool ReloadOnChange { get; set; } = GameBookDefaults.ReloadOnChange;

    /// <summary>
    /// How long the catalog waits after the last file change before recompiling, so an editor's burst of writes
    /// causes one reload. Zero reloads at once. Between zero and <see cref="GameBookDefaults.MaxReloadDebounce"/>;
    /// default <see cref="GameBookDefaults.ReloadDebounce"/>.
    /// </summary>
    public TimeSpan ReloadDebounce { get; set; } = GameBookDefaults.ReloadDebounce;

    /// <summary>
    /// Deepest nesting of blocks the compiler accepts before it reports a diagnostic instead of recursing further.
    /// Default <see cref="GameBookDefaults.MaxNestingDepth"/>.
    /// </summary>
    [Range(1, 4096, ErrorMessage = "GameBookOptions.MaxNestingDepth must be between 1 and 4096.")]
    public int MaxNestingDepth { get; set; } = GameBookDefaults.MaxNestingDepth;

    /// <summary>Whether every node gets a visit counter, not only those the story asks about. Default <see langword="false"/>.</summary>
    public bool TrackAllVisits { get; set; }

    /// <summary>
    /// Whether stories are compiled with their <see cref="Runtime.Story.Outline"/>, which authoring tools (static
    /// analysis) need. Costs memory and compile time. Default <see langword="false"/>.
    /// </summary>
    public bool IncludeOutline { get; set; }

    /// <summary>
    /// Most instructions a session runs for one step before it stops with an error (runaway loops), for sessions
    /// created by <see cref="IStorySessionFactory"/>. Default <see cref="GameBookDefaults.MaxInstructionsPerStep"/>.
    /// </summary>
    [Range(1, int.MaxValue, ErrorMessage = "GameBookOptions.MaxInstructionsPerStep must be at least 1.")]
    public int MaxInstructionsPerStep { get; set; } = GameBookDefaults.MaxInstructionsPerStep;
}
