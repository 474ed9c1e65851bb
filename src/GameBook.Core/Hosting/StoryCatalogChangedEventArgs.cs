using System.Collections.Immutable;

namespace GameBook.Hosting;

/// <summary>What a load or reload of an <see cref="IStoryCatalog"/> changed. Immutable, so thread-safe.</summary>
public sealed class StoryCatalogChangedEventArgs : EventArgs
{
    /// <summary>Creates the event arguments.</summary>
    /// <param name="added">Stories compiled for the first time.</param>
    /// <param name="updated">Stories replaced by a new version that compiled.</param>
    /// <param name="removed">Stories whose files are gone.</param>
    /// <param name="failed">Stories whose new version failed to compile (an older version, if any, is still served).</param>
    public StoryCatalogChangedEventArgs(ImmutableArray<string> added, ImmutableArray<string> updated, ImmutableArray<string> removed, ImmutableArray<string> failed)
    {
        Added = added.IsDefault ? [] : added;
        Updated = updated.IsDefault ? [] : updated;
        Removed = removed.IsDefault ? [] : removed;
        Failed = failed.IsDefault ? [] : failed;
    }

    /// <summary>Stories compiled for the first time.</summary>
    public ImmutableArray<string> Added { get; }

    /// <summary>Stories replaced by a new version that compiled.</summary>
    public ImmutableArray<string> Updated { get; }

    /// <summary>Stories whose files are gone.</summary>
    public ImmutableArray<string> Removed { get; }

    /// <summary>Stories whose new version failed to compile; the catalog keeps serving their last good version, if any.</summary>
    public ImmutableArray<string> Failed { get; }
}
