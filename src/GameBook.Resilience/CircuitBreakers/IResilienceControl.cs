namespace GameBook.Resilience;

/// <summary>
/// Operator control of GameBook circuit breakers: isolate (hold open, rejecting every call) and close (resume,
/// resetting the breaker's statistics). Isolation survives configuration reloads. Thread-safe; calls for one
/// pipeline are serialized.
/// </summary>
public interface IResilienceControl
{
    /// <summary>Isolates the breaker of a pipeline until <see cref="CloseAsync"/>: calls are rejected with <c>IsolatedCircuitException</c>.</summary>
    /// <param name="pipelineName">A registered pipeline with a circuit breaker.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task completed when the breaker is isolated.</returns>
    /// <exception cref="ArgumentException">No GameBook pipeline has that name.</exception>
    /// <exception cref="InvalidOperationException">The pipeline has no circuit breaker.</exception>
    Task IsolateAsync(string pipelineName, CancellationToken cancellationToken = default);

    /// <summary>Closes the breaker of a pipeline (after isolation, or to end a break early) and resets its statistics.</summary>
    /// <param name="pipelineName">A registered pipeline with a circuit breaker.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task completed when the breaker is closed.</returns>
    /// <exception cref="ArgumentException">No GameBook pipeline has that name.</exception>
    /// <exception cref="InvalidOperationException">The pipeline has no circuit breaker.</exception>
    Task CloseAsync(string pipelineName, CancellationToken cancellationToken = default);
}
