using System.Text;
using GameBook.Runtime;

namespace GameBook.Samples.Web.Sessions;

/// <summary>
/// One player's session as the story server holds it: the live <see cref="StorySession"/>, its secret token, the
/// step the player sees now, and the snapshot taken just before that step (what a save returns, so a restore
/// shows the very same step). Calls that read or change it hold <see cref="Gate"/>, so calls on one session are
/// serialized while different sessions run in parallel. <see cref="LastUsed"/> may be read without the gate.
/// </summary>
internal sealed class HostedSession
{
    private long _lastUsedTicks;

    public HostedSession(string id, string token, string storyName, string? locale, StorySession session, DateTimeOffset now)
    {
        Id = id;
        TokenUtf8 = Encoding.UTF8.GetBytes(token);
        StoryName = storyName;
        Locale = locale;
        Session = session;
        _lastUsedTicks = now.UtcTicks;
    }

    /// <summary>The session's id (URL-safe).</summary>
    public string Id { get; }

    /// <summary>The token's UTF-8 bytes, compared in constant time.</summary>
    public byte[] TokenUtf8 { get; }

    /// <summary>The catalog name of the story.</summary>
    public string StoryName { get; }

    /// <summary>The locale the player asked for (lines fall back to the story's base text).</summary>
    public string? Locale { get; }

    /// <summary>Serializes calls on this session.</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>The engine session (use only while holding <see cref="Gate"/>).</summary>
    public StorySession Session { get; set; }

    /// <summary>The step the player sees now.</summary>
    public StoryStep Current { get; set; }

    /// <summary>The step the player sees now, as sent.</summary>
    public StepDto CurrentDto { get; set; } = null!;

    /// <summary>The session as it was just before <see cref="Current"/> was produced: restoring it shows <see cref="Current"/> again.</summary>
    public SessionSnapshot BeforeCurrent { get; set; } = null!;

    /// <summary>The session just after <see cref="Current"/> was produced (before any choice): the next step's starting point.</summary>
    public SessionSnapshot? AfterCurrent { get; set; }

    /// <summary>The node of the latest step that was inside a node (the node a session ended in, once it ended).</summary>
    public string? LastNode { get; set; }

    /// <summary>True once the session reached its end and the ending was counted.</summary>
    public bool EndCounted { get; set; }

    /// <summary>True once deleted, expired or evicted: a call that found it earlier must treat it as gone.</summary>
    public bool Closed { get; set; }

    /// <summary>When the session was last used.</summary>
    public DateTimeOffset LastUsed => new(Interlocked.Read(ref _lastUsedTicks), TimeSpan.Zero);

    /// <summary>Records a use.</summary>
    public void Touch(DateTimeOffset now) => Interlocked.Exchange(ref _lastUsedTicks, now.UtcTicks);
}
