using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace GameBook.Samples.Web;

/// <summary>
/// The story server's options (section <c>StoryServer</c>): sessions, request limits, rate limiting and playtests.
/// Validated when the host starts. Read once at start. Not thread-safe to mutate.
/// </summary>
internal sealed class StoryServerOptions
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string SectionName = "StoryServer";

    /// <summary>Story sessions: expiry, limits, eviction under memory pressure.</summary>
    [ValidateObjectMembers]
    public SessionServerOptions Sessions { get; set; } = new();

    /// <summary>The per-client rate limiter of the API.</summary>
    [ValidateObjectMembers]
    public RateLimitOptions RateLimit { get; set; } = new();

    /// <summary>Playtest batches on the worker pool.</summary>
    [ValidateObjectMembers]
    public PlaytestOptions Playtests { get; set; } = new();

    /// <summary>Largest request body accepted, in bytes, 1 KiB..16 MiB. Default 256 KiB (a save of a large story fits).</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxRequestBodyBytes { get; set; } = 256 * 1024;

    /// <summary>The Retry-After value, in seconds, sent with 503 answers (shutting down, pool refused, storage unavailable). 1..3600. Default 5.</summary>
    [Range(1, 3600)]
    public int RetryAfterSeconds { get; set; } = 5;
}

/// <summary>Session options of the story server. Not thread-safe to mutate.</summary>
internal sealed class SessionServerOptions
{
    /// <summary>A session not used for this long expires. 1 second..30 days. Default 30 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How often expired sessions are swept out (an expired session is also refused when used). 1 second..1 day. Default 1 minute.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ExpiryScanInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>At memory level Critical and above, sessions idle at least this long are evicted. 0..30 days. Default 2 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")]
    public TimeSpan EvictIdleAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Most live sessions; more are refused with 503. 1..10 000 000. Default 100 000.</summary>
    [Range(1, 10_000_000)]
    public int MaxSessions { get; set; } = 100_000;

    /// <summary>The GameBook.Resilience pipeline session-store calls go through. Default <c>sessions</c> (storage profile).</summary>
    [Required]
    public string Pipeline { get; set; } = "sessions";

    /// <summary>
    /// Where sessions live: <see cref="SessionStoreKind.Memory"/> (this process, the default) or
    /// <see cref="SessionStoreKind.Orleans"/> (grains of a co-hosted Orleans silo configured by <c>GameBook:Orleans</c>).
    /// </summary>
    public SessionStoreKind Store { get; set; } = SessionStoreKind.Memory;
}

/// <summary>The session stores the story server can use.</summary>
internal enum SessionStoreKind
{
    /// <summary>Live sessions in this process's memory (<see cref="Sessions.InMemorySessionStore"/>).</summary>
    Memory,

    /// <summary>Session grains in an Orleans cluster this server joins as a silo (<see cref="Sessions.OrleansSessionStore"/>).</summary>
    Orleans,
}

/// <summary>Per-client (remote IP) fixed-window rate limit of the <c>/api</c> endpoints. Not thread-safe to mutate.</summary>
internal sealed class RateLimitOptions
{
    /// <summary>Whether the limiter is on. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Requests one client may make per <see cref="Window"/>, 1..10 000 000. Default 2 000.</summary>
    [Range(1, 10_000_000)]
    public int PermitLimit { get; set; } = 2_000;

    /// <summary>The window, 1 second..1 hour. Default 10 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>Playtest batch options. Not thread-safe to mutate.</summary>
internal sealed class PlaytestOptions
{
    /// <summary>Most playthroughs one batch may ask for, 1..10 000 000. Default 100 000.</summary>
    [Range(1, 10_000_000)]
    public int MaxPlaythroughs { get; set; } = 100_000;

    /// <summary>Step limit per playthrough when the request gives none, 1..MaxStepsLimit. Default 5 000.</summary>
    [Range(1, 10_000_000)]
    public int DefaultMaxSteps { get; set; } = 5_000;

    /// <summary>Largest step limit a request may ask for, 1..10 000 000. Default 100 000.</summary>
    [Range(1, 10_000_000)]
    public int MaxStepsLimit { get; set; } = 100_000;

    /// <summary>How many pool jobs a batch is split into (they run in parallel and their reports merge), 1..1024. Default 8.</summary>
    [Range(1, 1024)]
    public int Slices { get; set; } = 8;

    /// <summary>Most batches kept (running and finished); the oldest finished one is dropped to make room, 1..100 000. Default 100.</summary>
    [Range(1, 100_000)]
    public int MaxBatches { get; set; } = 100;
}

/// <summary>Source-generated validator of <see cref="StoryServerOptions"/>.</summary>
[OptionsValidator]
internal sealed partial class StoryServerOptionsValidator : IValidateOptions<StoryServerOptions>;
