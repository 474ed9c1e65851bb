using System.Text.Json;
using System.Text.Json.Serialization;
using GameBook.Values;

namespace GameBook.Runtime;

/// <summary>
/// JSON form of a <see cref="SessionSnapshot"/>. Reading validates shape only (types, nulls, sizes, ranges
/// that need no story); <see cref="SnapshotRestorer"/> validates against the story.
/// </summary>
internal static class SnapshotJson
{
    /// <summary>Caps that keep hostile input from building huge sessions.</summary>
    private const int MaxEntries = 1_000_000;

    private const string ChecksumPrefix = "sha256:";
    private const string MacPrefix = "hmac-sha256:";

    public static string Write(SessionSnapshot snapshot, SaveKey? key)
    {
        var dto = ToDto(snapshot);
        dto.Integrity = Integrity(dto, key);
        return JsonSerializer.Serialize(dto, SnapshotJsonContext.Default.SnapshotDto);
    }

    /// <summary>
    /// Recomputes the integrity field of an edited save (what anyone can do for an unsigned one): lets tests and tools check
    /// that restore, not only the checksum, refuses edited content. Returns the text unchanged when it is not snapshot JSON.
    /// </summary>
    internal static string Reseal(string json, SaveKey? key)
    {
        SnapshotDto? dto;
        try
        {
            dto = JsonSerializer.Deserialize(json, SnapshotJsonContext.Default.SnapshotDto);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or ArgumentException or InvalidOperationException or OverflowException or FormatException)
        {
            return json;
        }

        if (dto is null)
        {
            return json;
        }

        dto.Integrity = Integrity(dto, key);
        return JsonSerializer.Serialize(dto, SnapshotJsonContext.Default.SnapshotDto);
    }

    /// <summary>
    /// The integrity value of a save: a checksum, or with a key a MAC, over the canonical JSON of everything else in
    /// it (the DTO re-serialized without the integrity field), so formatting and property order do not matter.
    /// </summary>
    private static string Integrity(SnapshotDto dto, SaveKey? key)
    {
        var saved = dto.Integrity;
        dto.Integrity = null;
        var content = JsonSerializer.SerializeToUtf8Bytes(dto, SnapshotJsonContext.Default.SnapshotDto);
        dto.Integrity = saved;
        return key is null
            ? ChecksumPrefix + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content))
            : MacPrefix + Convert.ToHexStringLower(key.Sign(content));
    }

    /// <summary>Null when the save's integrity value matches its content (and the key, when one is required); else why not.</summary>
    private static string? CheckIntegrity(SnapshotDto dto, SaveKey? key)
    {
        var given = dto.Integrity;
        if (dto.FormatVersion == 1)
        {
            // Version 1 saves had no integrity field: still readable, unless the host requires signed saves.
            return key is null ? null : "The save is not signed (format version 1): this host accepts only saves it signed.";
        }

        if (string.IsNullOrEmpty(given))
        {
            return "The save has no integrity field: it was not written by GameBook, or was edited.";
        }

        if (key is null && given.StartsWith(MacPrefix, StringComparison.Ordinal))
        {
            return "The save is signed with a key: read it with SessionSnapshot.FromJson(json, key).";
        }

        if (key is not null && !given.StartsWith(MacPrefix, StringComparison.Ordinal))
        {
            return "The save is not signed: this host accepts only saves it signed.";
        }

        var expected = Integrity(dto, key);
        return System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                System.Text.Encoding.ASCII.GetBytes(expected), System.Text.Encoding.ASCII.GetBytes(given))
            ? null
            : key is null
                ? "The save's checksum does not match its content: it was edited or damaged."
                : "The save's signature does not match its content or this host's key: it was edited, damaged or signed elsewhere.";
    }

    private static SnapshotDto ToDto(SessionSnapshot snapshot)
    {
        // A save read from an older format keeps its version (its names are that version's); version 1 becomes 2 (same layout plus integrity).
        var version = Math.Max(snapshot.FormatVersion, 2);
        var dto = new SnapshotDto
        {
            FormatVersion = version,
            Fingerprint = snapshot.Fingerprint,
            Content = version >= 3 ? snapshot.Source?.ContentHash ?? snapshot.Content : null,
            State = snapshot.State.ToString(),
            Random = snapshot.Random,
            Variables = [],
            Frames = [],
        };
        var cases = version >= 3 ? snapshot.Cases() : [];
        for (var i = 0; i < snapshot.VariableNames.Length; i++)
        {
            if (i < cases.Length && cases[i] is { } caseName)
            {
                // Enum values by case name: reordering or renumbering cases does not change what a save means.
                dto.Variables.Add(new VariableDto { Name = snapshot.VariableNames[i], Type = snapshot.VariableTypes[i], Value = new ValueDto { E = caseName } });
            }
            else if (snapshot.VariableValues[i].Kind != ValueKind.None)
            {
                dto.Variables.Add(new VariableDto { Name = snapshot.VariableNames[i], Type = snapshot.VariableTypes[i], Value = ToDto(snapshot.VariableValues[i]) });
            }
        }

        foreach (var frame in snapshot.Frames)
        {
            dto.Frames.Add(new FrameDto { Node = frame.Node, Hash = frame.Hash, Pc = frame.Pc });
        }

        if (snapshot.Stack.Length > 0)
        {
            dto.Stack = [.. snapshot.Stack.Select(ToDto)];
        }

        if (snapshot.Options.Length > 0)
        {
            dto.Options = [.. snapshot.Options.Select(o => new OptionDto { Line = o.Line, Destination = o.Destination, Available = o.Available, Values = [.. o.Values.Select(ToDto)] })];
        }

        if (snapshot.Views.Length > 0)
        {
            dto.Views = snapshot.Views.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        }

        if (snapshot.Items.Length > 0)
        {
            dto.Inventory = snapshot.Items.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        }

        if (snapshot.ErrorMessage is not null)
        {
            dto.Error = new ErrorDto { Kind = snapshot.ErrorKind.ToString(), Message = snapshot.ErrorMessage };
        }

        return dto;
    }

    public static SnapshotReadResult Read(string json, SaveKey? key)
    {
        SnapshotDto? dto;
        try
        {
            dto = JsonSerializer.Deserialize(json, SnapshotJsonContext.Default.SnapshotDto);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or ArgumentException or InvalidOperationException or OverflowException or FormatException)
        {
            return Fail($"The save is not valid snapshot JSON: {ex.Message}");
        }

        if (dto is null)
        {
            return Fail("The save is empty (JSON null).");
        }

        if (dto.FormatVersion is < 1 or > SessionSnapshot.CurrentFormatVersion)
        {
            return Fail($"Unsupported snapshot format version {dto.FormatVersion} (this version reads 1 to {SessionSnapshot.CurrentFormatVersion}).");
        }

        try
        {
            if (CheckIntegrity(dto, key) is { } problem)
            {
                return Fail(problem);
            }

            return new SnapshotReadResult(Build(dto), null);
        }
        catch (InvalidSaveException ex)
        {
            return Fail(ex.Message);
        }
    }

    private static SnapshotReadResult Fail(string error) => new(null, error);

    private static SessionSnapshot Build(SnapshotDto dto)
    {
        Check(!string.IsNullOrEmpty(dto.Fingerprint), "The save names no story fingerprint.");
        Check(Enum.TryParse<SessionState>(dto.State, ignoreCase: false, out var state) && Enum.IsDefined(state) && !char.IsAsciiDigit(dto.State![0]), $"Unknown session state '{dto.State}'.");
        Check(dto.Random is { Length: 4 } && (dto.Random[0] | dto.Random[1] | dto.Random[2] | dto.Random[3]) != 0, "The random generator state must be four numbers, not all zero.");
        var variables = dto.Variables ?? throw new InvalidSaveException("The save has no variables list.");
        var frames = dto.Frames ?? throw new InvalidSaveException("The save has no call stack.");
        Check(variables.Count <= MaxEntries && frames.Count <= StorySession.MaxCallDepth, "The save is too large.");

        var version = dto.FormatVersion;
        Check(version < 3 || !string.IsNullOrEmpty(dto.Content), "The save names no story content hash.");
        var names = new string[variables.Count];
        var types = new string[variables.Count];
        var values = new StoryValue[variables.Count];
        string?[] cases = [];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < variables.Count; i++)
        {
            var v = variables[i] ?? throw new InvalidSaveException($"Variable {i} is null.");
            Check(!string.IsNullOrEmpty(v.Name) && !string.IsNullOrEmpty(v.Type), $"Variable {i} needs a name and a type.");
            Check(seen.Add(v.Name!), $"The save has the variable {v.Name} twice.");
            names[i] = v.Name!;
            types[i] = v.Type!;
            if (v.Value is { E: { } caseName } enumValue)
            {
                Check(version >= 3 && enumValue.N is null && enumValue.S is null && enumValue.B is null && caseName.Length > 0,
                    $"The variable {v.Name} must have exactly one of n, s, b or e (e, an enum case, from format version 3).");
                if (cases.Length == 0)
                {
                    cases = new string?[variables.Count];
                }

                cases[i] = caseName;
                continue;
            }

            values[i] = FromDto(v.Value, $"variable {v.Name}");
        }

        var savedFrames = new SavedFrame[frames.Count];
        for (var i = 0; i < frames.Count; i++)
        {
            var f = frames[i] ?? throw new InvalidSaveException($"Frame {i} is null.");
            Check(!string.IsNullOrEmpty(f.Node) && f.Pc >= 0, $"Frame {i} needs a node name and a non-negative position.");
            Check(f.Hash is not null || f.Pc == 0, $"Frame {i} has no node hash.");
            savedFrames[i] = new SavedFrame(f.Node!, f.Hash, f.Pc);
        }

        var stack = dto.Stack ?? [];
        Check(stack.Count <= 4096, "The saved value stack is too large.");
        var options = dto.Options ?? [];
        Check(options.Count <= 4096, "The save has too many pending options.");
        var savedOptions = new SavedOption[options.Count];
        for (var i = 0; i < options.Count; i++)
        {
            var o = options[i] ?? throw new InvalidSaveException($"Option {i} is null.");
            Check(!string.IsNullOrEmpty(o.Line) && o.Destination >= 0, $"Option {i} needs a line ID and a non-negative destination.");
            var optionValues = o.Values ?? [];
            Check(optionValues.Count <= 1024, $"Option {i} has too many values.");
            savedOptions[i] = new SavedOption(o.Line!, o.Destination, o.Available, [.. optionValues.Select((v, k) => FromDto(v, $"option {i} value {k}"))]);
        }

        var error = dto.Error;
        var errorKind = default(StoryErrorKind);
        if (state == SessionState.Faulted)
        {
            Check(error is not null && error.Message is not null && Enum.TryParse(error.Kind, false, out errorKind) && Enum.IsDefined(errorKind), "A faulted save needs its error kind and message.");
        }

        return new SessionSnapshot
        {
            FormatVersion = version,
            Fingerprint = dto.Fingerprint!,
            Content = version >= 3 ? dto.Content : null,
            State = state,
            VariableNames = names,
            VariableTypes = types,
            VariableValues = values,
            VariableCases = cases,
            Frames = savedFrames,
            Stack = [.. stack.Select((v, k) => FromDto(v, $"stack value {k}"))],
            Options = savedOptions,
            Random = dto.Random!,
            Views = Counts(dto.Views, "view count"),
            Items = Counts(dto.Inventory, "inventory count"),
            ErrorKind = errorKind,
            ErrorMessage = state == SessionState.Faulted ? error!.Message : null,
        };
    }

    private static KeyValuePair<string, int>[] Counts(Dictionary<string, int>? counts, string what)
    {
        if (counts is null)
        {
            return [];
        }

        Check(counts.Count <= MaxEntries, $"Too many entries of {what}.");
        foreach (var (key, value) in counts)
        {
            Check(key is not null && value >= 0, $"A {what} must be at least 0 ({key}: {value}).");
        }

        return [.. counts];
    }

    private static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidSaveException(message);
        }
    }

    private static ValueDto ToDto(StoryValue value) => value.Kind switch
    {
        ValueKind.Number => new ValueDto { N = value.RawNumber },
        ValueKind.String => new ValueDto { S = value.RawString },
        ValueKind.Bool => new ValueDto { B = value.RawBool },
        _ => new ValueDto(),
    };

    private static StoryValue FromDto(ValueDto? dto, string what)
    {
        Check(dto is not null, $"The {what} is missing.");
        var set = (dto!.N.HasValue ? 1 : 0) + (dto.S is not null ? 1 : 0) + (dto.B.HasValue ? 1 : 0);
        Check(set == 1 && dto.E is null, $"The {what} must have exactly one of n, s or b.");
        return dto.N is { } n ? StoryValue.FromNumber(n) : dto.S is { } s ? StoryValue.FromString(s) : StoryValue.FromBool(dto.B!.Value);
    }

    private sealed class InvalidSaveException(string message) : Exception(message);
}

#pragma warning disable CA1812 // Instantiated by the JSON source generator.
internal sealed class SnapshotDto
{
    public int FormatVersion { get; set; }

    public string? Fingerprint { get; set; }

    /// <summary>The story's content hash (format version 3 and later).</summary>
    public string? Content { get; set; }

    public string? State { get; set; }

    /// <summary>Written as strings (from format version 2): JavaScript numbers cannot hold 64-bit values exactly. Numbers are still read.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1819", Justification = "DTO for JSON.")]
    [JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)]
    public ulong[]? Random { get; set; }

    public List<VariableDto?>? Variables { get; set; }

    public List<FrameDto?>? Frames { get; set; }

    public List<ValueDto?>? Stack { get; set; }

    public List<OptionDto?>? Options { get; set; }

    public Dictionary<string, int>? Views { get; set; }

    public Dictionary<string, int>? Inventory { get; set; }

    public ErrorDto? Error { get; set; }

    /// <summary>"sha256:..." or "hmac-sha256:..." over the rest (format version 2 and later).</summary>
    public string? Integrity { get; set; }
}

internal sealed class VariableDto
{
    public string? Name { get; set; }

    public string? Type { get; set; }

    public ValueDto? Value { get; set; }
}

internal sealed class ValueDto
{
    public double? N { get; set; }

    public string? S { get; set; }

    public bool? B { get; set; }

    /// <summary>An enum value's case name (format version 3 and later; variables only).</summary>
    public string? E { get; set; }
}

internal sealed class FrameDto
{
    public string? Node { get; set; }

    public string? Hash { get; set; }

    public int Pc { get; set; }
}

internal sealed class OptionDto
{
    public string? Line { get; set; }

    public int Destination { get; set; }

    public bool Available { get; set; }

    public List<ValueDto?>? Values { get; set; }
}

internal sealed class ErrorDto
{
    public string? Kind { get; set; }

    public string? Message { get; set; }
}
#pragma warning restore CA1812

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    MaxDepth = 16)]
[JsonSerializable(typeof(SnapshotDto))]
internal sealed partial class SnapshotJsonContext : JsonSerializerContext;
