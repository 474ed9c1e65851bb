namespace GameBook.Resilience;

/// <summary>
/// Reads the failure tracking of GameBook pipelines at any moment. Resolve it from the container. Thread-safe.
/// </summary>
public interface IResilienceMonitor
{
    /// <summary>Names of the registered GameBook pipelines, in registration order.</summary>
    IReadOnlyList<string> PipelineNames { get; }

    /// <summary>A snapshot of one pipeline. Counts are zero until the pipeline is first used.</summary>
    /// <param name="pipelineName">A registered pipeline name.</param>
    /// <returns>The snapshot.</returns>
    /// <exception cref="ArgumentException">No GameBook pipeline has that name.</exception>
    PipelineStatus GetStatus(string pipelineName);

    /// <summary>Snapshots of every registered pipeline, in registration order.</summary>
    /// <returns>The snapshots.</returns>
    IReadOnlyList<PipelineStatus> GetAll();
}
