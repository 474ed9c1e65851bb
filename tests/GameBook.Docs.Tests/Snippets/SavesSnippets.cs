using GameBook.Runtime;
using Microsoft.Extensions.Configuration;

namespace GameBook.Docs.Tests.Snippets;

internal static class SavesSnippets
{
    public static void SaveAndRestore(Story story, StorySession session, Action<string?> log)
    {
        #region doc: docs/saves.md
        SessionSnapshot snapshot = session.Save();          // cheap: copies the session state, no JSON
        string json = snapshot.ToJson();                    // System.Text.Json source generation, no reflection

        SnapshotReadResult read = SessionSnapshot.FromJson(json);   // never throws for bad input
        if (!read.Success) { log(read.Error); return; }
        RestoreResult restored = story.Restore(read.Snapshot);     // never throws for a bad snapshot
        if (!restored.Success) { log(restored.Error); return; }
        StorySession resumed = restored.Session;
        #endregion
    }

    public static void Signed(IConfiguration configuration, StorySession session)
    {
        #region doc: docs/saves.md
        var key = SaveKey.FromBase64(configuration["Saves:Key"]!);   // at least 16 bytes; RandomNumberGenerator.GetBytes(32)
        string json = session.Save().ToJson(key);                    // integrity: hmac-sha256:...
        SnapshotReadResult read = SessionSnapshot.FromJson(json, key); // refuses unsigned, version 1 and otherwise-signed saves
        #endregion
    }
}
