namespace GameBook.Runtime;

/// <summary>What a <see cref="StoryStep"/> delivers.</summary>
public enum StepKind
{
    /// <summary>A line of text: <see cref="StoryStep.Line"/>.</summary>
    Line,
    /// <summary>A set of options awaiting <see cref="StorySession.Choose"/>: <see cref="StoryStep.Options"/>.</summary>
    Options,
    /// <summary>A command for the host: <see cref="StoryStep.Command"/>.</summary>
    Command,
    /// <summary>The story has ended.</summary>
    End,
    /// <summary>The story stopped with an error: <see cref="StoryStep.Error"/>.</summary>
    Error,
}

/// <summary>The life cycle of a <see cref="StorySession"/>.</summary>
public enum SessionState
{
    /// <summary><see cref="StorySession.Next"/> runs the story.</summary>
    Running,
    /// <summary>An option set was delivered; call <see cref="StorySession.Choose"/>.</summary>
    AwaitingChoice,
    /// <summary>The story ended; <see cref="StorySession.JumpTo"/> starts it again somewhere.</summary>
    Ended,
    /// <summary>The story stopped with an error; <see cref="StorySession.JumpTo"/> revives it.</summary>
    Faulted,
}
