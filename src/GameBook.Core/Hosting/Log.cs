using GameBook.Compilation;
using Microsoft.Extensions.Logging;

namespace GameBook.Hosting;

/// <summary>The hosting layer's log messages (source-generated; event ids are stable).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, EventName = "StoriesFolderMissing", Level = LogLevel.Error,
        Message = "The stories folder '{StoriesPath}' does not exist, so the story catalog is empty. Create the folder or set GameBook:StoriesPath to the folder that holds the .yarn files.")]
    public static partial void StoriesFolderMissing(ILogger logger, string storiesPath);

    [LoggerMessage(EventId = 2, EventName = "StoryCompiled", Level = LogLevel.Information,
        Message = "Compiled story '{StoryName}' from {FileCount} file(s) with {WarningCount} warning(s).")]
    public static partial void StoryCompiled(ILogger logger, string storyName, int fileCount, int warningCount);

    [LoggerMessage(EventId = 3, EventName = "StoryDiagnostic", Message = "Story '{StoryName}': {Diagnostic}")]
    public static partial void StoryDiagnostic(ILogger logger, LogLevel level, string storyName, Diagnostic diagnostic);

    [LoggerMessage(EventId = 4, EventName = "StoryFailed", Level = LogLevel.Error,
        Message = "Story '{StoryName}' failed to compile with {ErrorCount} error(s) and is not available until its files are fixed.")]
    public static partial void StoryFailed(ILogger logger, string storyName, int errorCount);

    [LoggerMessage(EventId = 5, EventName = "StoryKeptLastGood", Level = LogLevel.Warning,
        Message = "Story '{StoryName}' failed to compile after a change with {ErrorCount} error(s); the catalog keeps serving its last good version (fingerprint {Fingerprint}).")]
    public static partial void StoryKeptLastGood(ILogger logger, string storyName, int errorCount, string fingerprint);

    [LoggerMessage(EventId = 6, EventName = "StoryRemoved", Level = LogLevel.Information,
        Message = "Story '{StoryName}' was removed: its files are gone.")]
    public static partial void StoryRemoved(ILogger logger, string storyName);

    [LoggerMessage(EventId = 7, EventName = "SourceUnreadable", Level = LogLevel.Warning,
        Message = "Could not read story file '{FilePath}'; story '{StoryName}' keeps its current version and is retried on the next change.")]
    public static partial void SourceUnreadable(ILogger logger, Exception exception, string filePath, string storyName);

    [LoggerMessage(EventId = 8, EventName = "StoryNameConflict", Level = LogLevel.Warning,
        Message = "Both the file '{StoryName}.yarn' and the folder '{StoryName}' in the stories folder define story '{StoryName}'; the folder is ignored. Rename one of them.")]
    public static partial void StoryNameConflict(ILogger logger, string storyName);

    [LoggerMessage(EventId = 9, EventName = "ReloadFailed", Level = LogLevel.Error,
        Message = "Reloading the stories from '{StoriesPath}' failed; the catalog keeps its current stories.")]
    public static partial void ReloadFailed(ILogger logger, Exception exception, string storiesPath);

    [LoggerMessage(EventId = 10, EventName = "CatalogLoaded", Level = LogLevel.Information,
        Message = "The story catalog serves {StoryCount} story(ies) from '{StoriesPath}'.")]
    public static partial void CatalogLoaded(ILogger logger, int storyCount, string storiesPath);

    [LoggerMessage(EventId = 11, EventName = "ChangeDetected", Level = LogLevel.Debug,
        Message = "Story files changed in '{StoriesPath}'; reloading in {Debounce}.")]
    public static partial void ChangeDetected(ILogger logger, string storiesPath, TimeSpan debounce);

    [LoggerMessage(EventId = 12, EventName = "WatchFailed", Level = LogLevel.Warning,
        Message = "Could not watch the stories folder '{StoriesPath}' for changes; stories are not reloaded when edited.")]
    public static partial void WatchFailed(ILogger logger, Exception exception, string storiesPath);

    [LoggerMessage(EventId = 13, EventName = "CompilerFailed", Level = LogLevel.Error,
        Message = "The compiler threw while compiling story '{StoryName}'; the story keeps its current version. This is a bug in GameBook.Core: please report it with the story's files.")]
    public static partial void CompilerFailed(ILogger logger, Exception exception, string storyName);
}
