namespace GameBook.Authoring.Import;

/// <summary>
/// Settings shared by the importers. Defaults in <see cref="ImportDefaults"/>. Not thread-safe while being changed;
/// share an instance only once it is no longer modified.
/// </summary>
public class ImportOptions
{
    /// <summary>The input's path or name as diagnostics show it. Default: <see cref="ImportDefaults.JsonSourcePath"/> or <see cref="ImportDefaults.TweeSourcePath"/>.</summary>
    public string? SourcePath { get; set; }

    /// <summary>The name of the Yarn file the result is for (<see cref="ImportResult.YarnPath"/>). Default: <see cref="SourcePath"/> with a <c>.yarn</c> extension.</summary>
    public string? YarnPath { get; set; }

    /// <summary>At most this many diagnostics are reported (errors always are), then one <see cref="ImportCodes.TooManyDiagnostics"/>. Default: <see cref="ImportDefaults.MaxDiagnostics"/>; at least 1.</summary>
    public int MaxDiagnostics { get; set; } = ImportDefaults.MaxDiagnostics;

    internal (string Source, string Yarn) Paths(string defaultSource)
    {
        if (MaxDiagnostics < 1)
        {
            throw new ArgumentException(Msg.F($"MaxDiagnostics is {MaxDiagnostics}; it must be at least 1."));
        }

        var source = string.IsNullOrEmpty(SourcePath) ? defaultSource : SourcePath;
        var yarn = string.IsNullOrEmpty(YarnPath) ? Path.ChangeExtension(source, ".yarn") : YarnPath;
        return (source, yarn);
    }
}

/// <summary>Settings for <see cref="GameBookStudioImporter"/>. Not thread-safe while being changed.</summary>
public sealed class GameBookStudioImportOptions : ImportOptions
{
}

/// <summary>Settings for <see cref="TweeImporter"/>. Not thread-safe while being changed.</summary>
public sealed class TweeImportOptions : ImportOptions
{
}

/// <summary>The importers' defaults. Thread-safe (constants).</summary>
public static class ImportDefaults
{
    /// <summary>The name a GameBook Studio project is given in diagnostics when the options name none.</summary>
    public const string JsonSourcePath = "project.json";

    /// <summary>The name a Twee story is given in diagnostics when the options name none.</summary>
    public const string TweeSourcePath = "story.twee";

    /// <summary>Diagnostics reported per import before the rest are counted only.</summary>
    public const int MaxDiagnostics = 1000;
}
