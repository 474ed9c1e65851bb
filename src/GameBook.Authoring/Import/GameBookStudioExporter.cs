using System.Collections.Immutable;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using GameBook.Compilation;
using GameBook.Outline;
using GameBook.Runtime;

namespace GameBook.Authoring.Import;

/// <summary>
/// Writes a story back as a project of the original GameBook Studio editor: one paragraph per node, its number
/// from <c>section:</c>, its content from the node's lines, its actions from the node's options and jumps, and
/// every field the import kept in <c>gbs.*</c> headers. A node whose lines, options and tags are as imported
/// gets its original fields back exactly; an edited node gets fields made from the Yarn. Yarn the format cannot
/// hold (conditions, variables, commands) is reported, not exported. Thread-safe: exports share no state.
/// </summary>
#pragma warning disable RS0026 // Two entry points (sources, compiled story), each with optional settings: the shape StoryAnalyzer has.
public static class GameBookStudioExporter
{
    /// <summary>Compiles the sources (with an outline) and exports the story.</summary>
    /// <param name="sources">The story's files, in order.</param>
    /// <param name="options">Export settings; null uses the defaults.</param>
    /// <param name="cancellationToken">Stops the export.</param>
    /// <returns>The JSON (null when the story does not compile) and the compiler's and the export's diagnostics.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="sources"/> is null.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static GameBookStudioExportResult Export(IEnumerable<StorySource> sources, GameBookStudioExportOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var result = StoryCompiler.Compile(sources, new CompileOptions { IncludeOutline = true });
        cancellationToken.ThrowIfCancellationRequested();
        if (result.Story is null)
        {
            return new GameBookStudioExportResult(null, result.Diagnostics);
        }

        var export = Export(result.Story, options, cancellationToken);
        return new GameBookStudioExportResult(export.Json, [.. result.Diagnostics, .. export.Diagnostics]);
    }

    /// <summary>Exports a compiled story.</summary>
    /// <param name="story">A story compiled with <see cref="CompileOptions.IncludeOutline"/> set.</param>
    /// <param name="options">Export settings; null uses the defaults.</param>
    /// <param name="cancellationToken">Stops the export.</param>
    /// <returns>The JSON and the export's diagnostics.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="story"/> is null.</exception>
    /// <exception cref="ArgumentException">The story has no outline.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static GameBookStudioExportResult Export(Story story, GameBookStudioExportOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(story);
        if (story.Outline is null)
        {
            throw new ArgumentException("The story has no outline to export: compile it with new CompileOptions { IncludeOutline = true }, or call the overload that takes the sources.", nameof(story));
        }

        options ??= new GameBookStudioExportOptions();
        ArgumentNullException.ThrowIfNull(options.TimeProvider);
        var run = new ExportRun(story, story.Outline, options, cancellationToken);
        var json = run.Run();
        return new GameBookStudioExportResult(json, [.. run.Diagnostics]);
    }
}
#pragma warning restore RS0026

/// <summary>One export.</summary>
internal sealed class ExportRun(Story story, StoryOutline outline, GameBookStudioExportOptions options, CancellationToken cancellationToken)
{
    private readonly Dictionary<string, string> _lineText = story.Lines.ToDictionary(l => l.Id, l => l.Text, StringComparer.Ordinal);
    private readonly Dictionary<string, int> _idByTitle = new(StringComparer.Ordinal);
    private readonly Dictionary<int, string> _titleById = [];

    public List<Diagnostic> Diagnostics { get; } = [];

    private sealed class Paragraph(OutlineNode node)
    {
        public OutlineNode Node { get; } = node;

        public int Id { get; set; }

        public List<KeyValuePair<string, JsonElement>> Kept { get; set; } = [];

        public bool Imported { get; set; }

        public List<string> Lines { get; } = [];

        public List<(string Text, string? Target, bool FromJump)> Options { get; } = [];

        /// <summary>The final actions: either the kept ones verbatim, or (text, target) pairs.</summary>
        public JsonElement? KeptActions { get; set; }

        public List<(string Text, string Target)> Actions { get; } = [];

        public JsonElement? Get(string name)
        {
            foreach (var kv in Kept)
            {
                if (kv.Key == name)
                {
                    return kv.Value;
                }
            }

            return null;
        }
    }

    public string? Run()
    {
        JsonElement? book = null;
        var paragraphs = new List<Paragraph>();
        foreach (var node in outline.Nodes)
        {
            if (node.Header(GameBookStudioFormat.BookHeader) is { } bookText && book is null)
            {
                book = ParseObject(node, GameBookStudioFormat.BookHeader, bookText);
            }

            if (node.Header(GameBookStudioFormat.PlaceholderHeader) is not null)
            {
                continue;
            }

            paragraphs.Add(new Paragraph(node));
        }

        AssignIds(paragraphs);
        foreach (var p in paragraphs)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (p.Node.Header(GameBookStudioFormat.ParagraphHeader) is { } kept && ParseObject(p.Node, GameBookStudioFormat.ParagraphHeader, kept) is { } obj)
            {
                p.Imported = true;
                p.Kept = [.. obj.EnumerateObject().Select(x => new KeyValuePair<string, JsonElement>(x.Name, x.Value))];
            }

            ReadBody(p);
            ChooseActions(p);
        }

        var incoming = new Dictionary<int, List<int>>();
        foreach (var p in paragraphs)
        {
            foreach (var target in OutgoingTargets(p))
            {
                if (GameBookStudioMapping.ParseTarget(target) is { } t)
                {
                    if (!incoming.TryGetValue(t, out var list))
                    {
                        incoming[t] = list = [];
                    }

                    if (!list.Contains(p.Id))
                    {
                        list.Add(p.Id);
                    }
                }
            }
        }

        using var buffer = new PooledBuffer();
        using (var w = new Utf8JsonWriter(buffer.Writer, new JsonWriterOptions { Indented = options.Indented, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            var bookProps = book is { } b ? b.EnumerateObject().ToList() : DefaultBook();
            var split = bookProps.FindIndex(x => !GameBookStudioFormat.HeadFields.Contains(x.Name));
            if (split < 0)
            {
                split = bookProps.Count;
            }

            foreach (var prop in bookProps.Take(split))
            {
                prop.WriteTo(w);
            }

            w.WritePropertyName(GameBookStudioFormat.Paragraphs);
            w.WriteStartArray();
            foreach (var p in paragraphs)
            {
                WriteParagraph(w, p, incoming);
            }

            w.WriteEndArray();
            foreach (var prop in bookProps.Skip(split))
            {
                prop.WriteTo(w);
            }

            w.WriteEndObject();
        }

        return buffer.ToUtf8String();
    }

    private List<System.Text.Json.JsonProperty> DefaultBook()
    {
        var title = outline.Nodes.Length > 0 ? Path.GetFileNameWithoutExtension(outline.Nodes[0].File) : "Untitled";
        var json = Msg.F($$"""{"bookTitle":{{YarnText.JsonString(title)}},"author":"","lastEdited":"{{options.TimeProvider.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)}}"}""");
        using var doc = JsonDocument.Parse(json);
        return [.. doc.RootElement.Clone().EnumerateObject()];
    }

    private void AssignIds(List<Paragraph> paragraphs)
    {
        var used = new HashSet<int>();
        var pending = new List<Paragraph>();
        foreach (var p in paragraphs)
        {
            int? id = p.Node.Section;
            if (id is null && p.Node.Header(GameBookStudioFormat.IdHeader) is { } kept && GameBookStudioMapping.ParseTarget(kept) is { } k)
            {
                id = k;
            }

            if (id is { } n)
            {
                p.Id = n;
                used.Add(n);
                _idByTitle.TryAdd(p.Node.Title, n);
                _titleById.TryAdd(n, p.Node.Title);
            }
            else
            {
                pending.Add(p);
            }
        }

        var next = used.Count == 0 ? 1 : Math.Max(used.Max(), 0) + 1;
        foreach (var p in pending)
        {
            while (used.Contains(next))
            {
                next++;
            }

            p.Id = next;
            used.Add(next);
            _idByTitle.TryAdd(p.Node.Title, next);
            _titleById.TryAdd(next, p.Node.Title);
            Add(ImportCodes.NumberAssigned, p.Node.File, p.Node.TitleRange,
                Msg.F($"Node '{p.Node.Title}' has no 'section:' number, so its paragraph is numbered {next}: add 'section: {next}' to keep that number on the next export."));
        }
    }

    private void ReadBody(Paragraph p)
    {
        foreach (var e in p.Node.Body)
        {
            switch (e)
            {
                case OutlineLine line:
                    p.Lines.Add(_lineText.GetValueOrDefault(line.LineId, string.Empty));
                    if (line.Condition is not null || line.IsOnce)
                    {
                        NotExportable(p, e.Range, "the line's condition (the line itself is exported as content)");
                    }

                    break;
                case OutlineOptions block:
                    foreach (var choice in block.Options)
                    {
                        string? target = null;
                        foreach (var inner in choice.Body)
                        {
                            if (target is null && inner is OutlineJump { IsDetour: false, Target: { } t })
                            {
                                target = t;
                            }
                            else
                            {
                                NotExportable(p, inner.Range, Msg.F($"this statement in an option's body (an action only leads to a paragraph)"));
                            }
                        }

                        if (choice.Condition is not null || choice.IsOnce)
                        {
                            NotExportable(p, choice.Range, "the option's condition (the option itself is exported as an action)");
                        }

                        p.Options.Add((_lineText.GetValueOrDefault(choice.LineId, string.Empty), target, false));
                    }

                    break;
                case OutlineJump { IsDetour: false, Target: { } target }:
                    p.Options.Add((string.Empty, target, true));
                    break;
                case OutlineDeclaration:
                    break;
                default:
                    NotExportable(p, e.Range, Describe(e));
                    break;
            }
        }
    }

    private static string Describe(OutlineElement e) => e switch
    {
        OutlineJump { IsDetour: true } => "this <<detour>>",
        OutlineJump => "this jump to a computed node",
        OutlineIf => "this <<if>> block",
        OutlineOnce => "this <<once>> block",
        OutlineLineGroup => "this line group",
        OutlineSet => "this <<set>>",
        OutlineCommand => "this command",
        OutlineStop => "this <<stop>>",
        OutlineReturn => "this <<return>>",
        _ => "this statement",
    };

    private void ChooseActions(Paragraph p)
    {
        if (p.Get(GameBookStudioFormat.Actions) is { } kept)
        {
            if (kept.ValueKind == JsonValueKind.Array && SameAsImported(kept, p.Options))
            {
                p.KeptActions = kept;
                return;
            }

            if (kept.ValueKind != JsonValueKind.Array && p.Options.Count == 0)
            {
                p.KeptActions = kept;
                return;
            }
        }

        foreach (var (text, target, fromJump) in p.Options)
        {
            var id = target is not null && _idByTitle.TryGetValue(target, out var n) ? n.ToString(CultureInfo.InvariantCulture) : string.Empty;
            p.Actions.Add((fromJump ? string.Empty : YarnText.Unescape(text), id));
        }
    }

    // True when the options are exactly what the importer made of these actions (so nothing was edited).
    private bool SameAsImported(JsonElement actions, List<(string Text, string? Target, bool FromJump)> current)
    {
        var k = 0;
        foreach (var a in actions.EnumerateArray())
        {
            if (a.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            string? text = null;
            var target = string.Empty;
            var hasText = false;
            var hasTarget = false;
            foreach (var prop in a.EnumerateObject())
            {
                if (prop.Name == GameBookStudioFormat.ActionText && !hasText)
                {
                    hasText = true;
                    text = prop.Value.ValueKind == JsonValueKind.String ? prop.Value.GetString() : null;
                }
                else if (prop.Name == GameBookStudioFormat.ActionTarget && !hasTarget)
                {
                    hasTarget = true;
                    target = prop.Value.ValueKind switch
                    {
                        JsonValueKind.String => prop.Value.GetString()!,
                        JsonValueKind.Number => prop.Value.GetRawText(),
                        _ => string.Empty,
                    };
                }
            }

            if (k >= current.Count)
            {
                return false;
            }

            var option = GameBookStudioMapping.OptionText(text, target, out _, out _);
            var title = GameBookStudioMapping.ParseTarget(target) is { } id ? _titleById.GetValueOrDefault(id) : null;

            var (curText, curTarget, fromJump) = current[k++];
            if (fromJump || curText != option || curTarget != title)
            {
                return false;
            }
        }

        return k == current.Count;
    }

    private static IEnumerable<string> OutgoingTargets(Paragraph p)
    {
        if (p.KeptActions is { ValueKind: JsonValueKind.Array } kept)
        {
            foreach (var a in kept.EnumerateArray())
            {
                if (a.ValueKind == JsonValueKind.Object && a.TryGetProperty(GameBookStudioFormat.ActionTarget, out var t))
                {
                    yield return t.ValueKind == JsonValueKind.String ? t.GetString()! : t.GetRawText();
                }
            }

            yield break;
        }

        foreach (var (_, target) in p.Actions)
        {
            yield return target;
        }
    }

    private void WriteParagraph(Utf8JsonWriter w, Paragraph p, Dictionary<int, List<int>> incoming)
    {
        w.WriteStartObject();
        w.WriteNumber(GameBookStudioFormat.Id, p.Id);

        // title
        w.WritePropertyName(GameBookStudioFormat.Title);
        if (p.Get(GameBookStudioFormat.Title) is { } title)
        {
            title.WriteTo(w);
        }
        else
        {
            w.WriteStringValue(p.Node.Title);
        }

        // content
        var keptContent = p.Get(GameBookStudioFormat.Content);
        if (keptContent is { ValueKind: JsonValueKind.String } kc && Same(GameBookStudioContent.ToLines(kc.GetString()!, null), p.Lines))
        {
            w.WritePropertyName(GameBookStudioFormat.Content);
            kc.WriteTo(w);
        }
        else if (keptContent is { ValueKind: not JsonValueKind.String } other && p.Lines.Count == 0)
        {
            w.WritePropertyName(GameBookStudioFormat.Content);
            other.WriteTo(w);
        }
        else
        {
            w.WriteString(GameBookStudioFormat.Content, GameBookStudioContent.FromLines(p.Lines));
        }

        // type
        var keptType = p.Get(GameBookStudioFormat.Type);
        var keptFinale = keptType is { ValueKind: JsonValueKind.String } kt && kt.GetString() == GameBookStudioFormat.Ending;
        w.WritePropertyName(GameBookStudioFormat.Type);
        if (keptType is { } t && keptFinale == p.Node.IsEnding)
        {
            t.WriteTo(w);
        }
        else
        {
            w.WriteStringValue(p.Node.IsEnding ? GameBookStudioFormat.Ending : p.Options.Count > 1 ? GameBookStudioFormat.Branching : GameBookStudioFormat.Ordinary);
        }

        // actions
        w.WritePropertyName(GameBookStudioFormat.Actions);
        if (p.KeptActions is { } ka)
        {
            ka.WriteTo(w);
        }
        else
        {
            w.WriteStartArray();
            foreach (var (text, target) in p.Actions)
            {
                w.WriteStartObject();
                w.WriteString(GameBookStudioFormat.ActionText, text);
                w.WriteString(GameBookStudioFormat.ActionTarget, target);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        var recompute = options.RecomputeConnections || !p.Imported;
        var wroteIn = false;
        var wroteOut = false;
        var wroteTags = false;
        foreach (var (name, value) in p.Kept)
        {
            switch (name)
            {
                case GameBookStudioFormat.Title or GameBookStudioFormat.Content or GameBookStudioFormat.Type or GameBookStudioFormat.Actions or GameBookStudioFormat.Id:
                    continue;
                case GameBookStudioFormat.Incoming when recompute:
                    WriteIncoming(w, p, incoming);
                    wroteIn = true;
                    continue;
                case GameBookStudioFormat.Outgoing when recompute:
                    WriteOutgoing(w, p);
                    wroteOut = true;
                    continue;
                case GameBookStudioFormat.Tags:
                    WriteTags(w, p, value, keptFinale);
                    wroteTags = true;
                    continue;
            }

            w.WritePropertyName(name);
            value.WriteTo(w);
        }

        if (!wroteTags && (!p.Node.Tags.SequenceEqual(GameBookStudioMapping.YarnTags(default, keptFinale || (keptType is null && p.Node.IsEnding)))))
        {
            WriteTags(w, p, null, keptFinale);
        }

        if (recompute && !wroteIn)
        {
            WriteIncoming(w, p, incoming);
        }

        if (recompute && !wroteOut)
        {
            WriteOutgoing(w, p);
        }

        w.WriteEndObject();
    }

    private static void WriteTags(Utf8JsonWriter w, Paragraph p, JsonElement? kept, bool keptFinale)
    {
        if (kept is { } k && GameBookStudioMapping.YarnTags(k, keptFinale).SequenceEqual(p.Node.Tags))
        {
            w.WritePropertyName(GameBookStudioFormat.Tags);
            k.WriteTo(w);
            return;
        }

        w.WriteStartArray(GameBookStudioFormat.Tags);
        foreach (var tag in p.Node.Tags)
        {
            w.WriteStringValue(tag);
        }

        w.WriteEndArray();
    }

    private static void WriteIncoming(Utf8JsonWriter w, Paragraph p, Dictionary<int, List<int>> incoming)
    {
        w.WriteStartArray(GameBookStudioFormat.Incoming);
        foreach (var id in incoming.GetValueOrDefault(p.Id) ?? [])
        {
            w.WriteNumberValue(id);
        }

        w.WriteEndArray();
    }

    private static void WriteOutgoing(Utf8JsonWriter w, Paragraph p)
    {
        w.WriteStartArray(GameBookStudioFormat.Outgoing);
        foreach (var target in OutgoingTargets(p))
        {
            w.WriteStringValue(target);
        }

        w.WriteEndArray();
    }

    private static bool Same(List<string> a, List<string> b) => a.Count == b.Count && a.SequenceEqual(b, StringComparer.Ordinal);

    private JsonElement? ParseObject(OutlineNode node, string header, string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = GameBookStudioProjectReader.MaxDepth });
            if (doc.RootElement.ValueKind == JsonValueKind.Object)
            {
                return doc.RootElement.Clone();
            }
        }
        catch (JsonException)
        {
        }

        var h = node.Headers.FirstOrDefault(x => x.Key == header);
        Add(ImportCodes.InvalidKeptField, node.File, h?.ValueRange ?? node.TitleRange,
            Msg.F($"The '{header}:' header of node '{node.Title}' is not a JSON object, so the fields it kept are lost: restore it from the imported file, or remove it."));
        return null;
    }

    private void NotExportable(Paragraph p, SourceRange range, string what) =>
        Add(ImportCodes.NotExportable, p.Node.File, range,
            Msg.F($"A GameBook Studio project cannot hold {what} in node '{p.Node.Title}': it is left out of the export."));

    private void Add(string code, string file, SourceRange range, string message) =>
        Diagnostics.Add(new Diagnostic(code, ImportCodes.SeverityOf(code), file, range, message));
}
