using GameBook.Compiled;

namespace GameBook.Runtime;

/// <summary>
/// A compiled story: immutable, and safe to share between any number of sessions on any number of threads.
/// Create sessions from it with <c>CreateSession</c>.
/// </summary>
public sealed class Story
{
    internal Story(StoryProgram program)
    {
        ArgumentNullException.ThrowIfNull(program);
        Program = program;
    }

    /// <summary>The compiled program the sessions run.</summary>
    internal StoryProgram Program { get; }

    /// <summary>A stable fingerprint of the story's sources; saves record it.</summary>
    public string Fingerprint => Program.Fingerprint;
}
