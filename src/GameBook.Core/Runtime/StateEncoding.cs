namespace GameBook.Runtime;

/// <summary>What <see cref="StorySession.WriteState(System.Buffers.IBufferWriter{byte}, StateEncoding)"/> writes.</summary>
public enum StateEncoding
{
    /// <summary>Everything that decides what the session does next (the default).</summary>
    Full,

    /// <summary>
    /// Like <see cref="Full"/>, with what the story can no longer observe left out, so that sessions which behave
    /// identically encode equally (what state-space explorers need to finish on stories with loops): variables the
    /// story will overwrite before reading them, and once-flags of content that cannot run again, are written as
    /// placeholders; inventory items that no <c>has</c> or <c>count</c> can query again are left out; a node's visit count that story code
    /// reads only through <c>visited()</c> is written as 0 or 1; and, with a built-in saliency strategy, the view
    /// counts of each line group or node group are written relative to the group's smallest. Only a host reading
    /// those values directly (for example <see cref="StorySession.GetVisitCount(string)"/>) could tell such sessions apart.
    /// </summary>
    LiveVariablesOnly,
}
