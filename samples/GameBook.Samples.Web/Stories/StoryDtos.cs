using System.Text.Json.Nodes;

namespace GameBook.Samples.Web.Stories;

/// <summary>One story of the catalog, as listed by <c>GET /api/stories</c>. Immutable.</summary>
internal sealed record StorySummaryDto(string Name, string Fingerprint, int NodeCount, IReadOnlyList<string> EntryNodes, bool HasErrors);

/// <summary>One story with its nodes, variables and diagnostics (<c>GET /api/stories/{name}</c>). Immutable.</summary>
internal sealed record StoryDetailDto(
    string Name,
    string Fingerprint,
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
