using System.Diagnostics.CodeAnalysis;
using GameBook.Runtime;

namespace GameBook.Hosting;

/// <summary>
/// Starts and restores sessions on the catalog's stories with the host's settings: its meter factory (so the session
/// metrics reach the host's metrics pipeline), its function library and
/// <see cref="GameBookOptions.MaxInstructionsPerStep"/>. Thread-safe; each session it returns is single-threaded.
/// For other session settings, take the story from <see cref="IStoryCatalog"/> and call <c>Story.CreateSession</c>.
/// </summary>
public interface IStorySessionFactory
{
    /// <summary>Starts a session on the current version of a catalog story.</summary>
    /// <param name="storyName">The story's name in the catalog.</param>
    /// <param name="startNode">The node to start at; null: the runtime's default (<c>Start</c>).</param>
    /// <param name="seed">Seed of the session's random generator; null: a random seed.</param>
    /// <returns>The new session; dispose it when done.</returns>
    /// <exception cref="ArgumentException">The catalog has no compiled story named <paramref name="storyName"/>.</exception>
    StorySession CreateSession(string storyName, string? startNode = null, ulong? seed = null);

    /// <summary>Starts a session on the current version of a catalog story, if the catalog has it.</summary>
    /// <param name="storyName">The story's name in the catalog.</param>
    /// <param name="session">The new session, when the story exists; dispose it when done.</param>
    /// <param name="startNode">The node to start at; null: the runtime's default (<c>Start</c>).</param>
    /// <param name="seed">Seed of the session's random generator; null: a random seed.</param>
    /// <returns>Whether the catalog has a compiled story named <paramref name="storyName"/>.</returns>
    bool TryCreateSession(string storyName, [NotNullWhen(true)] out StorySession? session, string? startNode = null, ulong? seed = null);

    /// <summary>
    /// Continues a saved session on the current version of a catalog story, with the registered
    /// <see cref="ISaveMigrator"/> (if any) for saves the edited story no longer fits. Never throws for a bad
    /// snapshot or an unknown story: the problem comes back in <see cref="RestoreResult.Error"/>.
    /// </summary>
    /// <param name="storyName">The story's name in the catalog.</param>
    /// <param name="snapshot">The saved session.</param>
    /// <returns>The restored session, or why it could not be restored.</returns>
    RestoreResult Restore(string storyName, SessionSnapshot snapshot);
}
