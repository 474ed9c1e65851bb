using System.Text.Json;

namespace GameBook.Samples.Web.Sessions;

/// <summary>Body of <c>POST /api/sessions</c>. Not thread-safe to mutate.</summary>
internal sealed class CreateSessionRequest
{
    /// <summary>The story's name (required).</summary>
    public string? Story { get; set; }

    /// <summary>The session's random seed; a random one when absent.</summary>
    public ulong? Seed { get; set; }

    /// <summary>The player's locale (a culture name such as <c>en-GB</c>); kept with the session.</summary>
    public string? Locale { get; set; }
}

/// <summary>Body of <c>POST /api/sessions/{id}/choose</c>. Not thread-safe to mutate.</summary>
internal sealed class ChooseRequest
{
    /// <summary>The option's index, or -1 to continue past a set with no available option.</summary>
    public int? Option { get; set; }
}

/// <summary>Body of <c>POST /api/sessions/restore</c>. Not thread-safe to mutate.</summary>
internal sealed class RestoreSessionRequest
{
    /// <summary>The story to restore into (required).</summary>
    public string? Story { get; set; }

    /// <summary>The snapshot JSON object exactly as <c>GET /api/sessions/{id}/save</c> returned it.</summary>
    public JsonElement Snapshot { get; set; }

    /// <summary>The locale to play the restored session in (as in <see cref="CreateSessionRequest.Locale"/>); the base text when absent.</summary>
    public string? Locale { get; set; }
}

/// <summary>
/// A new session: its id, its secret token (send it as <c>X-Session-Token</c>), the story, the first step, and the
/// locale its lines are in when it asked for one (the string table's, or the base locale). Immutable.
/// </summary>
internal sealed record SessionCreatedDto(string Id, string Token, string Story, StepDto Step, string? Locale = null);

/// <summary>What the player sees now. Only the member matching <see cref="Kind"/> is present. Immutable.</summary>
internal sealed record StepDto(
    string Kind,
    string? Node,
    LineDto? Line = null,
    IReadOnlyList<OptionDto>? Options = null,
    CommandDto? Command = null,
    StepErrorDto? Error = null,
    bool? Ending = null);

/// <summary>A line with its composed text and markup attributes. Immutable.</summary>
internal sealed record LineDto(string Id, string Text, string? CharacterName, IReadOnlyList<string> Tags, IReadOnlyList<AttributeDto> Attributes);

/// <summary>A markup attribute over <c>[position, position + length)</c> of the line's text. Immutable.</summary>
internal sealed record AttributeDto(string Name, int Position, int Length, IReadOnlyDictionary<string, string> Properties);

/// <summary>One option of a set; unavailable options are shown with <c>available: false</c>. Immutable.</summary>
internal sealed record OptionDto(int Index, string Text, bool Available, IReadOnlyList<string> Tags);

/// <summary>A command the story hands to the host. Immutable.</summary>
internal sealed record CommandDto(string Text, string Name, IReadOnlyList<string> Arguments);

/// <summary>The story error that stopped the session. Immutable.</summary>
internal sealed record StepErrorDto(string Kind, string Message);
