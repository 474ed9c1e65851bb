using Polly;

namespace GameBook.Resilience;

/// <summary>
/// Thrown by a GameBook pipeline that rejected a call at once because the process's memory pressure is at
/// <c>Maximum</c> (load shedding). The call did not run; retry later, once memory use has come down. Not retried by
/// GameBook pipelines (it is an <see cref="ExecutionRejectedException"/>). Immutable; thread-safe.
/// </summary>
public sealed class LoadSheddingRejectedException : ExecutionRejectedException
{
    /// <summary>Creates the exception with a default message.</summary>
    public LoadSheddingRejectedException()
        : base("The call was rejected: memory pressure is at Maximum (load shedding). Retry once memory use has come down.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public LoadSheddingRejectedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The inner exception.</param>
    public LoadSheddingRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    private LoadSheddingRejectedException(string message, string pipelineName)
        : base(message) => PipelineName = pipelineName;

    /// <summary>The pipeline that rejected the call, when known.</summary>
    public string? PipelineName { get; }

    internal static LoadSheddingRejectedException ForPipeline(string pipelineName) =>
        new($"Pipeline '{pipelineName}' rejected the call: memory pressure is at Maximum (load shedding). Retry once memory use has come down.", pipelineName);
}
