using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using GameBook.Compilation;
using GameBook.Runtime;
using Microsoft.Extensions.Primitives;

namespace GameBook.Hosting;

/// <summary>
/// The compiled stories of a folder, by name. Each story is compiled once and cached; when its files change it
/// is recompiled, and a version that fails to compile does not replace the last good one.
/// Implementations are thread-safe: any thread may look stories up while a reload runs.
/// </summary>
public interface IStoryCatalog
{
    /// <summary>The stories that compiled (their last good version), by name.</summary>
    IReadOnlyDictionary<string, Story> Stories { get; }

    /// <summary>
    /// The names of every story the catalog holds: those of <see cref="Stories"/> and those that have no version to
    /// serve because every compilation of them failed (<see cref="GetDiagnostics"/> says why), so a host can show an
    /// author what to fix. The default implementation, for catalogs written before this member, returns the names of
    /// <see cref="Stories"/>.
    /// </summary>
    IReadOnlyCollection<string> Names => [.. Stories.Keys];

    /// <summary>Looks a story up by name (a file's name without extension, or a subfolder's name; case-sensitive).</summary>
    /// <param name="name">The story's name.</param>
    /// <param name="story">The story's last good version, when there is one.</param>
    /// <returns>Whether the catalog has a compiled version of the story.</returns>
    bool TryGetStory(string name, [NotNullWhen(true)] out Story? story);

    /// <summary>
    /// The diagnostics of the story's latest compilation (which may have failed while an older version is still
    /// served); empty for an unknown name.
    /// </summary>
    /// <param name="name">The story's name.</param>
    /// <returns>The diagnostics, in the compiler's order.</returns>
    ImmutableArray<Diagnostic> GetDiagnostics(string name);

    /// <summary>A token that fires at the next change of the catalog; ask for a new one after it fired.</summary>
    /// <returns>The change token.</returns>
    IChangeToken GetChangeToken();

    /// <summary>
    /// Raised after a load or reload that added, updated, removed or failed to compile a story, on the thread that
    /// ran it (a timer thread for reloads on change). Handlers should be quick and must not throw.
    /// </summary>
    event EventHandler<StoryCatalogChangedEventArgs>? Changed;
}
