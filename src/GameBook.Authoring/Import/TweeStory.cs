using System.Text;
using System.Text.Json;

namespace GameBook.Authoring.Import;

/// <summary>One Twee 3 passage: name, tags, metadata and text, with offsets into the file.</summary>
internal sealed class TweePassage
{
    public required string Name { get; init; }

    public required List<string> Tags { get; init; }

    public string? MetadataJson { get; set; }

    public required string Text { get; init; }

    public required int HeaderOffset { get; init; }

    public required int HeaderLength { get; init; }

    public required int TextOffset { get; init; }

    public string NodeName { get; set; } = string.Empty;
}

/// <summary>Splits a Twee 3 file into passages (<c>:: Name [tags] {metadata}</c> headers), unescaping names and tags.</summary>
internal static class TweeReader
{
    public static List<TweePassage> Read(string text, DiagnosticList diagnostics, TextPositions positions, CancellationToken cancellationToken)
    {
        var passages = new List<TweePassage>();
        var lineStart = 0;
        int? headerStart = null;
        var headerEnd = 0;
        string? name = null;
        List<string>? tags = null;
        string? meta = null;
        var count = 0;

        void Close(int end)
        {
            if (name is null)
            {
                return;
            }

            var start = headerEnd;
            var body = text[start..end].TrimEnd();
            passages.Add(new TweePassage { Name = name, Tags = tags!, MetadataJson = meta, Text = body, HeaderOffset = headerStart!.Value, HeaderLength = headerEnd - headerStart.Value, TextOffset = start });
        }

        while (lineStart <= text.Length)
        {
            if ((++count & 4095) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var nl = text.IndexOfAny(['\n', '\r'], lineStart);
            var lineEnd = nl < 0 ? text.Length : nl;
            var next = nl < 0 ? text.Length + 1 : (text[nl] == '\r' && nl + 1 < text.Length && text[nl + 1] == '\n' ? nl + 2 : nl + 1);
            if (text.AsSpan(lineStart, lineEnd - lineStart).StartsWith("::"))
            {
                Close(lineStart);
                headerStart = lineStart;
                headerEnd = Math.Min(next, text.Length);
                ParseHeader(text, lineStart + 2, lineEnd, diagnostics, positions, out name, out tags, out meta);
            }

            lineStart = next;
        }

        Close(text.Length);
        return passages;
    }

    private static void ParseHeader(string text, int start, int end, DiagnosticList diagnostics, TextPositions positions, out string name, out List<string> tags, out string? meta)
    {
        var b = new StringBuilder();
        var i = start;
        while (i < end && text[i] is not ('[' or '{'))
        {
            if (text[i] == '\\' && i + 1 < end)
            {
                i++;
            }

            b.Append(text[i]);
            i++;
        }

        name = b.ToString().Trim();
        tags = [];
        meta = null;
        if (i < end && text[i] == '[')
        {
            var t = new StringBuilder();
            i++;
            var closed = false;
            while (i < end)
            {
                if (text[i] == '\\' && i + 1 < end)
                {
                    t.Append(text[i + 1]);
                    i += 2;
                    continue;
                }

                if (text[i] == ']')
                {
                    closed = true;
                    i++;
                    break;
                }

                t.Append(text[i++]);
            }

            if (!closed)
            {
                diagnostics.Add(ImportCodes.InvalidPassageHeader, positions.Range(start - 2, end - start + 2),
                    Msg.F($"The tag list of passage {Msg.Quote(name)} has no closing ']': everything after '[' was read as tags. Close the list, or escape a bracket in the name as '\\['."));
            }

            tags.AddRange(t.ToString().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        }

        while (i < end && char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        if (i < end)
        {
            var json = text[i..end].Trim();
            try
            {
                using var doc = JsonDocument.Parse(json);
                if (doc.RootElement.ValueKind != JsonValueKind.Object)
                {
                    throw new JsonException("not an object");
                }

                meta = Compact(doc.RootElement);
            }
            catch (JsonException)
            {
                diagnostics.Add(ImportCodes.InvalidPassageHeader, positions.Range(i, end - i),
                    Msg.F($"The metadata of passage {Msg.Quote(name)} is not a JSON object (like {{\"position\":\"100,100\"}}): it was left out."));
            }
        }

        if (name.Length == 0)
        {
            diagnostics.Add(ImportCodes.InvalidPassageHeader, positions.Range(start - 2, end - start + 2), "This passage header has no name: write ':: Name'. The passage is imported under a made-up name.");
        }
    }

    public static string Compact(JsonElement e)
    {
        using var buffer = new PooledBuffer();
        using (var w = new Utf8JsonWriter(buffer.Writer, YarnText.CompactJson))
        {
            e.WriteTo(w);
        }

        return buffer.ToUtf8String();
    }
}
