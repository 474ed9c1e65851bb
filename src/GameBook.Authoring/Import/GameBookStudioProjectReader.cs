using System.Text.Json;

namespace GameBook.Authoring.Import;

/// <summary>A property as read: name, value, and where its name and value start (byte offsets in the input).</summary>
internal sealed class JsonField(string name, long nameOffset, long valueOffset, long valueLength)
{
    public string Name { get; } = name;

    /// <summary>The value (from the one <see cref="JsonDocument"/> of the input); default for an <c>actions</c> array read with positions.</summary>
    public JsonElement Value { get; set; }

    public long NameOffset { get; } = nameOffset;

    public long ValueOffset { get; } = valueOffset;

    public long ValueLength { get; } = valueLength;
}

/// <summary>One element of the <c>actions</c> array: its properties when it is an object, else the value itself.</summary>
internal sealed class RawAction(int index, long offset, List<JsonField>? properties)
{
    public int Index { get; } = index;

    public long Offset { get; } = offset;

    public List<JsonField>? Properties { get; } = properties;

    public JsonElement Value { get; set; }
}

/// <summary>One element of the <c>paragraphs</c> array, read with positions.</summary>
internal sealed class RawParagraph(int index, long offset)
{
    public int Index { get; } = index;

    public long Offset { get; } = offset;

    /// <summary>The properties in input order, or null when the element is not an object.</summary>
    public List<JsonField>? Properties { get; set; }

    /// <summary>The element when it is not an object.</summary>
    public JsonElement NonObject { get; set; }

    /// <summary>The actions when <c>actions</c> is an array (positions kept); null otherwise.</summary>
    public List<RawAction>? Actions { get; set; }

    /// <summary>Which property (in order) is that actions array.</summary>
    public int ActionsIndex { get; set; } = -1;

    public JsonField? Find(string name)
    {
        foreach (var p in Properties!)
        {
            if (p.Name == name)
            {
                return p;
            }
        }

        return null;
    }
}

/// <summary>A GameBook Studio project as read: the root's properties and the paragraphs, all with positions.</summary>
internal sealed class RawProject
{
    public List<JsonField> Root { get; } = [];

    public List<RawParagraph>? Paragraphs { get; set; }

    /// <summary>Which root property (in order) is the paragraphs array read with positions.</summary>
    public int ParagraphsIndex { get; set; } = -1;

    /// <summary>The parsed input; values point into it, so it lives as long as the project.</summary>
    public JsonDocument? Document { get; set; }

    public long ParagraphsOffset { get; set; }
}

/// <summary>
/// Reads a project with <see cref="Utf8JsonReader"/> so every paragraph, property and action keeps its position;
/// values the importer does not look into are kept as <see cref="JsonElement"/>s. Throws <see cref="JsonException"/>
/// for JSON that is not well formed (the caller turns it into a diagnostic).
/// </summary>
internal static class GameBookStudioProjectReader
{
    public const int MaxDepth = 256;

    public static RawProject? Read(byte[] utf8, DiagnosticList diagnostics, Utf8Positions positions, CancellationToken cancellationToken)
    {
        if (FindInvalidString(utf8) is { } bad)
        {
            diagnostics.Add(ImportCodes.InvalidJson, positions.Range(bad, 1),
                "This string has an escape that is not text (a lone UTF-16 surrogate such as \\ud800): remove it, or write the character it was meant to be.");
            return null;
        }

        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = MaxDepth, CommentHandling = JsonCommentHandling.Disallow });
        if (!reader.Read())
        {
            diagnostics.Add(ImportCodes.InvalidJson, positions.Range(0, 0), "The file is empty: a GameBook Studio project is a JSON object with 'bookTitle' and 'paragraphs'.");
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            var start = reader.TokenStartIndex;
            reader.Skip();
            EnsureEnd(ref reader);
            diagnostics.Add(ImportCodes.InvalidProject, positions.Range(start, 1),
                Msg.F($"The file holds a JSON {Describe(reader.TokenType)} where a GameBook Studio project is a JSON object with 'bookTitle' and 'paragraphs' ($): is this the right file?"));
            return null;
        }

        var project = new RawProject();
        var index = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            var nameOffset = reader.TokenStartIndex;
            reader.Read();
            if (name == GameBookStudioFormat.Paragraphs && project.Paragraphs is null && reader.TokenType == JsonTokenType.StartArray)
            {
                project.ParagraphsOffset = reader.TokenStartIndex;
                project.ParagraphsIndex = index++;
                project.Paragraphs = ReadParagraphs(ref reader, cancellationToken);
                continue;
            }

            index++;
            var valueOffset = reader.TokenStartIndex;
            reader.Skip();
            project.Root.Add(new JsonField(name, nameOffset, valueOffset, reader.BytesConsumed - valueOffset));
        }

        EnsureEnd(ref reader);

        // The reader pass found the positions; one document holds the values, matched up in the same order.
        var document = JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = MaxDepth });
        project.Document = document;
        var k = 0;
        var r = 0;
        foreach (var prop in document.RootElement.EnumerateObject())
        {
            if (k++ == project.ParagraphsIndex)
            {
                Zip(project.Paragraphs!, prop.Value);
            }
            else
            {
                project.Root[r++].Value = prop.Value;
            }
        }

        return project;
    }

    private static void Zip(List<RawParagraph> paragraphs, JsonElement array)
    {
        var i = 0;
        foreach (var element in array.EnumerateArray())
        {
            var p = paragraphs[i++];
            if (p.Properties is null)
            {
                p.NonObject = element;
                continue;
            }

            var j = 0;
            foreach (var prop in element.EnumerateObject())
            {
                if (j == p.ActionsIndex)
                {
                    var a = 0;
                    foreach (var action in prop.Value.EnumerateArray())
                    {
                        var raw = p.Actions![a++];
                        if (raw.Properties is null)
                        {
                            raw.Value = action;
                            continue;
                        }

                        var f = 0;
                        foreach (var field in action.EnumerateObject())
                        {
                            raw.Properties[f++].Value = field.Value;
                        }
                    }
                }
                else
                {
                    p.Properties[j].Value = prop.Value;
                }

                j++;
            }
        }
    }

    // Escaped strings are decoded only when read; find one that cannot be (lone surrogate escapes) before anything reads it.
    private static long? FindInvalidString(byte[] utf8)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = MaxDepth, CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped)
                {
                    try
                    {
                        _ = reader.GetString();
                    }
                    catch (InvalidOperationException)
                    {
                        return reader.TokenStartIndex;
                    }
                }
            }
        }
        catch (JsonException)
        {
            // Malformed JSON: the main pass reports it with its position.
        }

        return null;
    }

    private static List<RawParagraph> ReadParagraphs(ref Utf8JsonReader reader, CancellationToken cancellationToken)
    {
        var list = new List<RawParagraph>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if ((list.Count & 1023) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var paragraph = new RawParagraph(list.Count, reader.TokenStartIndex);
            list.Add(paragraph);
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            paragraph.Properties = [];
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                var nameOffset = reader.TokenStartIndex;
                reader.Read();
                var valueOffset = reader.TokenStartIndex;
                if (name == GameBookStudioFormat.Actions && paragraph.Actions is null && reader.TokenType == JsonTokenType.StartArray)
                {
                    paragraph.ActionsIndex = paragraph.Properties.Count;
                    paragraph.Actions = ReadActions(ref reader);
                    paragraph.Properties.Add(new JsonField(name, nameOffset, valueOffset, reader.BytesConsumed - valueOffset));
                    continue;
                }

                reader.Skip();
                paragraph.Properties.Add(new JsonField(name, nameOffset, valueOffset, reader.BytesConsumed - valueOffset));
            }
        }

        return list;
    }

    private static List<RawAction> ReadActions(ref Utf8JsonReader reader)
    {
        var list = new List<RawAction>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var offset = reader.TokenStartIndex;
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                list.Add(new RawAction(list.Count, offset, null));
                continue;
            }

            var props = new List<JsonField>();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                var nameOffset = reader.TokenStartIndex;
                reader.Read();
                var valueOffset = reader.TokenStartIndex;
                reader.Skip();
                props.Add(new JsonField(name, nameOffset, valueOffset, reader.BytesConsumed - valueOffset));
            }

            list.Add(new RawAction(list.Count, offset, props));
        }

        return list;
    }

    // Anything after the root value is an error (the reader reports trailing data when asked for another token).
    private static void EnsureEnd(ref Utf8JsonReader reader)
    {
        if (reader.Read())
        {
            throw new JsonException("'" + Describe(reader.TokenType) + "' follows the end of the project's JSON object.", null, null, null);
        }
    }

    public static string Describe(JsonTokenType t) => t switch
    {
        JsonTokenType.StartArray => "array",
        JsonTokenType.StartObject => "object",
        JsonTokenType.String => "string",
        JsonTokenType.Number => "number",
        JsonTokenType.True or JsonTokenType.False => "boolean",
        JsonTokenType.Null => "null",
        _ => t.ToString(),
    };

    public static string Describe(JsonValueKind k) => k switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
