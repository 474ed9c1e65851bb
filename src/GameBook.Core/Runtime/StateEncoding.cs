namespace GameBook.Runtime;

/// <summary>What <see cref="StorySession.WriteState(System.Buffers.IBufferWriter{byte}, StateEncoding)"/> writes.</summary>
public enum StateEncoding
{
    /// <summary>Everything that decides what the session does next (the default).</summary>
    Full,

    /// <summary>Like <see cref="Full"/>, with variables the story will overwrite before reading them written as placeholders.</summary>
    LiveVariablesOnly,
}
