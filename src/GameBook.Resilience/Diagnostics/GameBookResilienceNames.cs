namespace GameBook.Resilience;

/// <summary>
/// Names of the instruments, tags, health check and configuration section of GameBook.Resilience. The meter
/// itself is <see cref="GameBook.Telemetry.GameBookTelemetryNames.Resilience"/>. Constants only; safe to use from any thread.
/// </summary>
public static class GameBookResilienceNames
{
    /// <summary>The configuration section the resilience options bind from by convention: <c>GameBook:Resilience</c>.</summary>
    public const string ConfigurationSection = "GameBook:Resilience";

    /// <summary>The sub-section, under <see cref="ConfigurationSection"/>, that holds one section per pipeline name: <c>Pipelines</c>.</summary>
    public const string PipelinesSection = "Pipelines";

    /// <summary>ObservableGauge, <c>{state}</c>: the circuit breaker state per pipeline (0 Closed, 1 Open, 2 HalfOpen, 3 Isolated). Tag <see cref="PipelineTag"/>.</summary>
    public const string BreakerState = "gamebook.resilience.breaker.state";

    /// <summary>Counter, <c>{transition}</c>: circuit breaker state transitions. Tags <see cref="PipelineTag"/>, <see cref="StateTag"/> (the state entered).</summary>
    public const string BreakerTransitions = "gamebook.resilience.breaker.transitions";

    /// <summary>ObservableCounter, <c>{call}</c>: calls the pipeline rejected without running them. Tags <see cref="PipelineTag"/>, <see cref="RejectionKindTag"/>.</summary>
    public const string Rejections = "gamebook.resilience.rejections";

    /// <summary>ObservableCounter, <c>{call}</c>: calls through the pipeline by final outcome. Tags <see cref="PipelineTag"/>, <see cref="OutcomeTag"/>.</summary>
    public const string Calls = "gamebook.resilience.calls";

    /// <summary>ObservableCounter, <c>{attempt}</c>: retry attempts (each retry after the first attempt). Tag <see cref="PipelineTag"/>.</summary>
    public const string Retries = "gamebook.resilience.retries";

    /// <summary>Tag: the pipeline name (the key it is registered and resolved with).</summary>
    public const string PipelineTag = "gamebook.pipeline";

    /// <summary>Tag: a circuit state name: <c>closed</c>, <c>open</c>, <c>half_open</c>, <c>isolated</c>.</summary>
    public const string StateTag = "gamebook.breaker.state";

    /// <summary>Tag: why a call was rejected: <c>circuit_open</c>, <c>isolated</c>, <c>concurrency_limit</c>, <c>load_shedding</c>, <c>other</c>.</summary>
    public const string RejectionKindTag = "gamebook.rejection.kind";

    /// <summary>Tag: a call's final outcome: <c>success</c>, <c>failure</c>, <c>timeout</c>, <c>rejected</c>, <c>canceled</c>.</summary>
    public const string OutcomeTag = "gamebook.outcome";

    /// <summary>Default name of the health check that covers every circuit breaker.</summary>
    public const string HealthCheckName = "gamebook-resilience";

    /// <summary>
    /// The strategy name (Polly's <c>strategy.name</c>) of GameBook's load-shedding strategy, present in a pipeline
    /// whose <c>LoadShedding</c> option is on. Failure tracking adds no strategy: it reads Polly's telemetry.
    /// </summary>
    public const string LoadSheddingStrategyName = "load-shedding";
}
