namespace GameBook.Telemetry.Health;

/// <summary>Names and tags of the GameBook health checks. Constants; thread-safe.</summary>
public static class GameBookHealthChecks
{
    /// <summary>Default name of the memory health check.</summary>
    public const string MemoryCheckName = "gamebook-memory";

    /// <summary>Default name of the CPU health check.</summary>
    public const string CpuCheckName = "gamebook-cpu";

    /// <summary>Tag of checks that belong on the liveness endpoint (<c>/health/live</c>).</summary>
    public const string LiveTag = "live";

    /// <summary>Tag of checks that belong on the readiness endpoint (<c>/health/ready</c>).</summary>
    public const string ReadyTag = "ready";
}
