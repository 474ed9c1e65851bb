using Microsoft.Extensions.Logging;

namespace GameBook.Orleans.Diagnostics;

internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Debug, "Session {SessionId} started on story '{Story}'.")]
    public static partial void SessionStarted(ILogger logger, string sessionId, string story);

    [LoggerMessage(2, LogLevel.Error, "Session {SessionId}: persisting '{Change}' failed; the change is not acknowledged and the grain deactivates to reload its persisted state.")]
    public static partial void PersistFailed(ILogger logger, Exception exception, string sessionId, string change);

    [LoggerMessage(3, LogLevel.Warning, "Session {SessionId} (story '{Story}') cannot be resumed on this silo: {Reason}")]
    public static partial void ResumeRefused(ILogger logger, string sessionId, string story, string reason);

    [LoggerMessage(4, LogLevel.Information, "Session {SessionId} was saved on version {Saved} of story '{Story}' and resumed on this silo's version {Current} (migrated: {Migrated}).")]
    public static partial void ResumedOnEditedStory(ILogger logger, string sessionId, string story, string saved, string current, bool migrated);

    [LoggerMessage(5, LogLevel.Warning, "Session {SessionId}: a host's write was refused: {Reason}.")]
    public static partial void WriteRejected(ILogger logger, string sessionId, string reason);

    [LoggerMessage(6, LogLevel.Error, "Story analytics '{Story}': persisting flush {Sequence} from '{Source}' failed; it is not counted and the grain deactivates to reload its persisted totals.")]
    public static partial void AnalyticsPersistFailed(ILogger logger, Exception exception, string story, string source, long sequence);

    [LoggerMessage(7, LogLevel.Warning, "Cannot reach the {Target} yet ({Reason}); retrying.")]
    public static partial void ClientRetrying(ILogger logger, string target, string reason);

    [LoggerMessage(8, LogLevel.Critical, "Gave up connecting to the {Target} after {Seconds} s (GameBook:Orleans:ClientConnectTimeout). Start at least one silo of that cluster, or check GameBook:Orleans:Clustering, ClusterId, ServiceId, GatewayPort and RedisConnectionString: they must match the silos'.")]
    public static partial void ClientGaveUp(ILogger logger, Exception exception, string target, double seconds);
}
