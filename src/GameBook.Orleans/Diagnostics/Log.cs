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
}
