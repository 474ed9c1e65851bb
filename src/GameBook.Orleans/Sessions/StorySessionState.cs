namespace GameBook.Orleans.Sessions;

/// <summary>
/// What a session grain persists: the story, its fingerprint when the snapshot was taken, the snapshot from which the
/// current step is produced again, the version and the last change (so a retried call is answered, not repeated).
/// </summary>
[GenerateSerializer, Alias("GameBook.Orleans.StorySessionState")]
internal sealed class StorySessionState
{
    /// <summary>The story's catalog name.</summary>
    [Id(0)]
    public string Story { get; set; } = string.Empty;

    /// <summary>The story version's fingerprint the snapshot was taken on.</summary>
    [Id(1)]
    public string Fingerprint { get; set; } = string.Empty;

    /// <summary>The snapshot (JSON) taken just before the current step.</summary>
    [Id(2)]
    public string Snapshot { get; set; } = string.Empty;

    /// <summary>Grows by one with each persisted change; 0 before the session exists.</summary>
    [Id(3)]
    public long Version { get; set; }

    /// <summary>The call that made <see cref="Version"/> (e.g. <c>choose:2</c>).</summary>
    [Id(4)]
    public string? LastChange { get; set; }

    /// <summary>The host's data (see <see cref="StoredSession.HostData"/>).</summary>
    [Id(5)]
    public string? HostData { get; set; }

    /// <summary>When the last change was persisted.</summary>
    [Id(6)]
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>A copy, to roll back to.</summary>
    public StorySessionState Copy() => (StorySessionState)MemberwiseClone();
}
