using Polly;

namespace GameBook.Resilience;

/// <summary>
/// Code-only settings of a typed pipeline (<c>ResiliencePipeline&lt;TResult&gt;</c>, added with
/// <c>AddPipeline&lt;TResult&gt;</c>): which results count as failures, and an optional fallback. The rest of the
/// pipeline comes from the <see cref="GameBookPipelineOptions"/> of the same name. Set at startup; the delegates
/// must be thread-safe.
/// </summary>
/// <typeparam name="TResult">The result type of the pipeline.</typeparam>
public sealed class ResultPipelineOptions<TResult>
{
    /// <summary>
    /// Results that count as handled failures: retried, counted by the breaker and, if the last attempt still
    /// returns one, tracked as a <see cref="CallOutcome.Failure"/> (exception type <c>result</c>). <see langword="null"/>: every result is a success.
    /// </summary>
    public Func<TResult, bool>? ShouldHandleResult { get; set; }

    /// <summary>
    /// Produces a substitute result when the call fails, times out or is rejected (caller cancellation excepted).
    /// It is the outermost strategy: failure tracking still counts the original outcome, and
    /// <see cref="PipelineStatus.Fallbacks"/> counts the substitutions. <see langword="null"/>: no fallback.
    /// </summary>
    public Func<Outcome<TResult>, ValueTask<TResult>>? Fallback { get; set; }
}
