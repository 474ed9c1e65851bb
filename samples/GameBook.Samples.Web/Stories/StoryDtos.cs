using System.Text.Json.Nodes;

namespace GameBook.Samples.Web.Stories;

/// <summary>
/// One story of the catalog, as listed by <c>GET /api/stories</c>: <c>hasErrors</c> when its latest compilation failed,
/// <c>playable</c> when a version of it is served (a story that never compiled has none: no fingerprint, no nodes).
/// Immutable.
/// </summary>
internal sealed record StorySummaryDto(string Name, string? Fingerprint, int NodeCount, IReadOnlyList<string> EntryNodes, bool HasErrors, bool Playable);

/// <summary>
/// One story with its nodes, variables and diagnostics (<c>GET /api/stories/{name}</c>); for a story that never
/// compiled, only its diagnostics (<c>playable</c> false). Immutable.
/// </summary>
internal sealed record StoryDetailDto(
    string Name,
    string? Fingerprint,
    bool Playable,
    IReadOnlyList<string> EntryNodes,
    IReadOnlyList<StoryNodeDto> Nodes,
    IReadOnlyList<StoryVariableDto> Variables,
    IReadOnlyList<DiagnosticDto> Diagnostics,
    IReadOnlyList<DiagnosticDto> Warnings);

/// <summary>A node of a story. Immutable.</summary>
internal sealed record StoryNodeDto(string Name, string UniqueName, int? Section, IReadOnlyList<string> Tags, bool IsEnding);

/// <summary>A story variable; <c>initialValue</c> is a JSON number, string or boolean (null for smart variables). Immutable.</summary>
internal sealed record StoryVariableDto(string Name, string Type, JsonNode? InitialValue);

/// <summary>A compiler diagnostic with its 1-based source range. Immutable.</summary>
internal sealed record DiagnosticDto(string Code, string Severity, string File, int StartLine, int StartColumn, int EndLine, int EndColumn, string Message);
