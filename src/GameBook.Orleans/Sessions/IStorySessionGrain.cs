namespace GameBook.Orleans.Sessions;

/// <summary>
/// One player's story session, keyed by the session's id. The grain holds a live <c>StorySession</c> and persists
/// its snapshot (with the story's fingerprint) through Orleans grain storage after every state-changing call and
/// before the call returns, so a silo that crashes loses no acknowledged step. Calls on one grain run one at a time
/// (Orleans' turn-based concurrency); calls on different grains run in parallel anywhere in the cluster.
/// State-changing calls take the <see cref="SessionView.Version"/> the caller last saw: a retry of a call that was
/// already persisted is answered again instead of applied twice, and a stale version is refused with
/// <see cref="SessionStatus.Conflict"/>. Storage failures throw <see cref="SessionStorageException"/>.
/// </summary>
[Alias("GameBook.Orleans.IStorySessionGrain")]
public interface IStorySessionGrain : IGrainWithStringKey
{
    /// <summary>Starts a session on the silo's version of a catalog story and shows its first step.</summary>
    /// <param name="story">The story's catalog name.</param>
    /// <param name="seed">The seed of the session's random generator; null: a random seed.</param>
    /// <param name="startNode">The node to start at; null: <c>Start</c>.</param>
    /// <returns>The first step, or why the session could not start.</returns>
    [Alias("Start")]
    Task<SessionView> StartAsync(string story, ulong? seed = null, string? startNode = null);

    /// <summary>The step the player sees now (restored from storage if the grain was not active).</summary>
    /// <returns>The current step, or why there is none.</returns>
    [Alias("Get")]
    Task<SessionView> GetAsync();

    /// <summary>Advances past the current line or command.</summary>
    /// <param name="version">The version the caller saw.</param>
    /// <returns>The next step; the current one again at the end.</returns>
    [Alias("Next")]
    Task<SessionView> NextAsync(long version);

    /// <summary>Chooses an option of the current options step and shows the step after it.</summary>
    /// <param name="optionIndex">The option's index, or <c>-1</c> (<c>StorySession.NoOption</c>) to continue past a set with no available option.</param>
    /// <param name="version">The version the caller saw.</param>
    /// <returns>The step after the choice, or why the choice was refused.</returns>
    [Alias("Choose")]
    Task<SessionView> ChooseAsync(int optionIndex, long version);

    /// <summary>The session's save (snapshot JSON): restoring it shows the current step again.</summary>
    /// <returns>The save, or null when the grain holds no session.</returns>
    [Alias("Save")]
    Task<string?> SaveAsync();

    /// <summary>Starts this grain's session from a save, on the silo's version of the story (with its save migrator, if any).</summary>
    /// <param name="story">The story's catalog name.</param>
    /// <param name="snapshotJson">A save from <see cref="SaveAsync"/> or <c>SessionSnapshot.ToJson</c>.</param>
    /// <returns>The restored step, or why the save was refused.</returns>
    [Alias("Restore")]
    Task<SessionView> RestoreAsync(string story, string snapshotJson);

    /// <summary>Deletes the session and its persisted state.</summary>
    /// <returns>Whether there was a session.</returns>
    [Alias("Delete")]
    Task<bool> DeleteAsync();

    /// <summary>For a host that runs the engine itself: the persisted session, unless its version is <paramref name="knownVersion"/>.</summary>
    /// <param name="knownVersion">The version the host holds (0: none).</param>
    /// <returns>The session; null when there is none or its version is <paramref name="knownVersion"/>.</returns>
    [Alias("Read")]
    Task<StoredSession?> ReadAsync(long knownVersion);

    /// <summary>
    /// For a host that runs the engine itself: persists the session as the host now has it, if the grain's version is
    /// still <paramref name="expectedVersion"/> (0 creates it). The snapshot must fit the silo's version of the story.
    /// </summary>
    /// <param name="session">The session to persist.</param>
    /// <param name="expectedVersion">The version the host's copy came from.</param>
    /// <returns>Whether it was written; the new version is <paramref name="expectedVersion"/> + 1.</returns>
    [Alias("Write")]
    Task<StoredSessionWrite> WriteAsync(StoredSession session, long expectedVersion);

    /// <summary>Deletes the session if its version is still <paramref name="expectedVersion"/>.</summary>
    /// <param name="expectedVersion">The version the caller holds.</param>
    /// <returns>Whether it was deleted (false: gone already, or changed since).</returns>
    [Alias("DeleteIfUnchanged")]
    Task<bool> DeleteIfUnchangedAsync(long expectedVersion);
}
