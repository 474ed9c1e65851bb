namespace GameBook.Authoring.Analysis;

/// <summary>
/// Settings for <see cref="StoryAnalyzer"/>. Not thread-safe while being configured; do not change an
/// instance while an analysis uses it.
/// </summary>
public sealed class AnalysisOptions
{
    /// <summary>The node every session starts at unless the host names another (<c>Start</c>).</summary>
    public const string DefaultEntryNode = "Start";

    /// <summary>
    /// Codes of checks to switch off for every story analyzed with these options (for example
    /// <c>GB1004</c>); case-insensitive. Stories switch checks off themselves with an <c>analysis:</c> header.
    /// </summary>
    public ISet<string> DisabledChecks { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Nodes the host starts sessions at besides <see cref="DefaultEntryNode"/> (titles of nodes or node groups);
    /// they and everything they lead to count as reachable.
    /// </summary>
    public IList<string> AdditionalEntryNodes { get; } = [];

    /// <summary>
    /// Variables the host reads or writes itself (with or without the <c>$</c>): never reported as unused or unread.
    /// </summary>
    public ISet<string> HostVariables { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Throws when a setting names a check that does not exist.</summary>
    internal void Validate()
    {
        foreach (var code in DisabledChecks)
        {
            if (code is null || AnalysisCodes.Find(code) is null)
            {
                throw new ArgumentException(
                    $"AnalysisOptions.DisabledChecks holds '{code}', which is not an analysis code: use the codes of AnalysisCodes (GB1001 to GB{1000 + AnalysisCodes.Rules.Length}).",
                    nameof(DisabledChecks));
            }
        }

        foreach (var node in AdditionalEntryNodes)
        {
            if (string.IsNullOrWhiteSpace(node))
            {
                throw new ArgumentException("AnalysisOptions.AdditionalEntryNodes holds an empty name: give node titles.", nameof(AdditionalEntryNodes));
            }
        }
    }
}
