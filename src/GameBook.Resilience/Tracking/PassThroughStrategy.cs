using Polly;

namespace GameBook.Resilience.Tracking;

/// <summary>
/// Passes every call on unchanged. The only strategy of a pipeline whose options disable everything else, because
/// Polly gives a pipeline without strategies no telemetry, and failure tracking reads that telemetry. Thread-safe.
/// </summary>
internal sealed class PassThroughStrategy : ResilienceStrategy
{
    protected override ValueTask<Outcome<TResult>> ExecuteCore<TResult, TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback,
        ResilienceContext context,
        TState state) => callback(context, state);
}

/// <summary>Names the pass-through strategy in Polly's telemetry and descriptors: <c>tracking</c>.</summary>
internal sealed class PassThroughStrategyOptions : ResilienceStrategyOptions
{
    public const string StrategyName = "tracking";

    public PassThroughStrategyOptions() => Name = StrategyName;
}
