namespace GameBook.Samples.Web;

/// <summary>
/// Whether the story server still takes new work: once the host begins to stop (or <see cref="StopAccepting"/> is
/// called), new sessions, restores and playtests are refused with 503 while running ones finish. Thread-safe.
/// </summary>
internal sealed class StoryServerLifetime(IHostApplicationLifetime lifetime)
{
    private volatile bool _stopping;

    /// <summary>True once the server refuses new work.</summary>
    public bool IsStopping => _stopping || lifetime.ApplicationStopping.IsCancellationRequested;

    /// <summary>Stops taking new sessions and playtests (the host's stop does this by itself).</summary>
    public void StopAccepting() => _stopping = true;
}
