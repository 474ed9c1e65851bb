using System.Globalization;
using System.Text;
using System.Text.Json;
using GameBook.Compilation;

namespace GameBook.Authoring.Import;

/// <summary>
/// Imports a project of the original GameBook Studio editor (JSON; see docs/authoring.md): one Yarn node per
/// paragraph with a <c>section:</c> header from its number, options from its actions, <c>tags: ending</c> on
/// <c>finale</c> paragraphs, simple HTML content as lines with <c>[b]</c>/<c>[i]</c> markup, and every field Yarn has
/// no place for kept in <c>gbs.*</c> headers so <see cref="GameBookStudioExporter"/> writes the project back
/// unchanged. Broken targets, duplicate numbers, missing fields and wrong types become diagnostics with the
/// paragraph's number, JSON path and position; malformed input gives an error, never an exception.
/// Thread-safe: imports share no state.
/// </summary>
#pragma warning disable RS0026 // Text and UTF-8 entry points, each with optional settings.
public static class GameBookStudioImporter
{
    /// <summary>Imports a project from its JSON text.</summary>
    /// <param name="json">The project file's text.</param>
    /// <param name="options">Paths for diagnostics and the result, limits; null uses the defaults.</param>
    /// <param name="cancellationToken">Stops the import.</param>
    /// <returns>The Yarn source (null when the JSON cannot be read) and the diagnostics.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    /// <exception cref="ArgumentException">The options' <see cref="ImportOptions.MaxDiagnostics"/> is below 1.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static ImportResult Import(string json, GameBookStudioImportOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Import(Encoding.UTF8.GetBytes(json), options, cancellationToken);
    }

    /// <summary>Imports a project from its UTF-8 bytes (a leading byte order mark is skipped).</summary>
    /// <param name="utf8Json">The project file's bytes.</param>
    /// <param name="options">Paths for diagnostics and the result, limits; null uses the defaults.</param>
    /// <param name="cancellationToken">Stops the import.</param>
    /// <returns>The Yarn source (null when the JSON cannot be read) and the diagnostics.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="utf8Json"/> is null.</exception>
    /// <exception cref="ArgumentException">The options' <see cref="ImportOptions.MaxDiagnostics"/> is below 1.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static ImportResult Import(byte[] utf8Json, GameBookStudioImportOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        options ??= new GameBookStudioImportOptions();
        var (sourcePath, yarnPath) = options.Paths(ImportDefaults.JsonSourcePath);
        var bytes = utf8Json.AsSpan().StartsWith("\uFEFF"u8) ? utf8Json[3..] : utf8Json;
        var positions = new Utf8Positions(bytes);
        var diagnostics = new DiagnosticList(sourcePath, options.MaxDiagnostics);
        if (!System.Text.Unicode.Utf8.IsValid(bytes))
        {
            var buffer = new char[Math.Min(bytes.Length, 1 << 20)];
            var at = 0;
            while (at < bytes.Length)
            {
                var status = System.Text.Unicode.Utf8.ToUtf16(bytes.AsSpan(at), buffer, out var read, out _, replaceInvalidSequences: false);
                at += read;
                if (status != System.Buffers.OperationStatus.DestinationTooSmall)
                {
                    break;
                }
            }

            diagnostics.Add(ImportCodes.InvalidJson, positions.Range(at, 1),
                "The file is not UTF-8 text here (GameBook Studio saves projects as UTF-8): save it as UTF-8, or check that this is the project file.");
            return new ImportResult(null, yarnPath, diagnostics.ToImmutable());
        }

        RawProject? project;
        try
        {
            project = GameBookStudioProjectReader.Read(bytes, diagnostics, positions, cancellationToken);
        }
        catch (JsonException ex)
        {
            var range = positions.AtLineByte(ex.LineNumber ?? 0, ex.BytePositionInLine ?? 0);
            if (ex.LineNumber is null)
            {
                range = positions.Range(bytes.Length, 0);
            }

            diagnostics.Add(ImportCodes.InvalidJson, range, Msg.F($"The project is not valid JSON here: {Trim(ex.Message)} Fix the file (a truncated or hand-edited file often ends early), then import again."));
            return new ImportResult(null, yarnPath, diagnostics.ToImmutable());
        }

        if (project is null)
        {
            return new ImportResult(null, yarnPath, diagnostics.ToImmutable());
        }

        using var document = project.Document;
        if (project.Paragraphs is null)
        {
            var wrong = project.Root.Find(p => p.Name == GameBookStudioFormat.Paragraphs);
            diagnostics.Add(ImportCodes.InvalidProject, wrong is null ? positions.Range(0, 1) : positions.Range(wrong.ValueOffset, wrong.ValueLength),
                wrong is null
                    ? "The project has no 'paragraphs' ($.paragraphs): a GameBook Studio project lists its numbered sections there. Is this the right file?"
                    : Msg.F($"'paragraphs' ($.paragraphs) is {GameBookStudioProjectReader.Describe(wrong.Value.ValueKind)}, not an array of paragraphs."));
            return new ImportResult(null, yarnPath, diagnostics.ToImmutable());
        }

        var yarn = new ProjectConversion(project, diagnostics, positions, cancellationToken).Run();
        return new ImportResult(yarn, yarnPath, diagnostics.ToImmutable());
    }

    private static string Trim(string message)
    {
        var at = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        var m = at > 0 ? message[..at] : message;
        return m.EndsWith('.') ? m : m + ".";
    }
}
#pragma warning restore RS0026

/// <summary>One import: validates each paragraph, names the nodes, resolves the actions, writes the Yarn.</summary>
internal sealed class ProjectConversion(RawProject project, DiagnosticList diagnostics, Utf8Positions positions, CancellationToken cancellationToken)
{
    private readonly List<Para> _paras = [];
    private readonly Dictionary<int, Para> _byId = [];

    private sealed class Para(RawParagraph raw)
    {
        public RawParagraph Raw { get; } = raw;

        public int? Id { get; set; }

        public bool OwnsId { get; set; }

        public string Name { get; set; } = string.Empty;

        public bool Finale { get; set; }

        public string? Title { get; set; }

        public List<string> Lines { get; set; } = [];

        public bool ContentKept { get; set; } = true;

        public bool ActionsKept { get; set; } = true;

        public List<(string Text, string Target, RawAction Action)> Actions { get; } = [];

        public JsonElement Tags { get; set; }

        public int Incoming { get; set; }

        public string Label => Id is { } id ? Msg.F($"paragraph {id}") : Msg.F($"the paragraph at $.paragraphs[{Raw.Index}]");
    }

    public string Run()
    {
        foreach (var raw in project.Paragraphs!)
        {
            if ((raw.Index & 1023) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (raw.Properties is null)
            {
                diagnostics.Add(ImportCodes.WrongType, positions.Range(raw.Offset, 1),
                    Msg.F($"$.paragraphs[{raw.Index}] is {GameBookStudioProjectReader.Describe(raw.NonObject.ValueKind)}, not a paragraph object: it was left out of the story and of any export."));
                continue;
            }

            _paras.Add(Read(raw));
        }

        AssignNames();
        ResolveActions();
        ReportUnlinked();
        return Write();
    }

    private Para Read(RawParagraph raw)
    {
        var p = new Para(raw);
        var path = Msg.F($"$.paragraphs[{raw.Index}]");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var prop in raw.Properties!)
        {
            if (!seen.Add(prop.Name))
            {
                diagnostics.Add(ImportCodes.Duplicate, positions.Range(prop.NameOffset, Encoding.UTF8.GetByteCount(prop.Name) + 2),
                    Msg.F($"{path} has the field '{prop.Name}' twice: the first one is used; remove the other."));
            }
        }

        // id
        var id = raw.Find(GameBookStudioFormat.Id);
        if (id is null)
        {
            diagnostics.Add(ImportCodes.MissingField, positions.Range(raw.Offset, 1),
                Msg.F($"{path} has no 'id': it gets no section number, and the export gives it a free one. Add \"id\": <number> to it."));
        }
        else if (id.Value.ValueKind == JsonValueKind.Number && id.Value.TryGetDouble(out var d) && d == Math.Floor(d) && d is >= int.MinValue and <= int.MaxValue)
        {
            p.Id = (int)d;
        }
        else if (id.Value.ValueKind == JsonValueKind.String && GameBookStudioMapping.ParseTarget(id.Value.GetString()!) is { } fromString)
        {
            p.Id = fromString;
            diagnostics.Add(ImportCodes.WrongType, Range(id), Msg.F($"{path}.id is the string {Msg.Quote(id.Value.GetString()!)}, not a number: read as {fromString}, and exported as the number {fromString}."));
        }
        else
        {
            diagnostics.Add(ImportCodes.WrongType, Range(id),
                Msg.F($"{path}.id is {GameBookStudioProjectReader.Describe(id.Value.ValueKind)}, not a whole number: the paragraph gets no section number, and the export gives it a free one."));
        }

        var label = p.Id is { } n ? Msg.F($"paragraph {n} ({path})") : path;

        // title
        var title = raw.Find(GameBookStudioFormat.Title);
        if (title is null)
        {
            diagnostics.Add(ImportCodes.MissingField, positions.Range(raw.Offset, 1), Msg.F($"{label} has no 'title': its node is named after its number."));
        }
        else if (title.Value.ValueKind != JsonValueKind.String)
        {
            diagnostics.Add(ImportCodes.WrongType, Range(title), Msg.F($"{label}: 'title' is {GameBookStudioProjectReader.Describe(title.Value.ValueKind)}, not a string: its node is named after its number (the value is kept for export)."));
        }
        else
        {
            p.Title = title.Value.GetString();
        }

        // type
        var type = raw.Find(GameBookStudioFormat.Type);
        if (type is null)
        {
            diagnostics.Add(ImportCodes.MissingField, positions.Range(raw.Offset, 1), Msg.F($"{label} has no 'type': read as \"normale\" (not an ending)."));
        }
        else if (type.Value.ValueKind != JsonValueKind.String)
        {
            diagnostics.Add(ImportCodes.WrongType, Range(type), Msg.F($"{label}: 'type' is {GameBookStudioProjectReader.Describe(type.Value.ValueKind)}, not \"normale\", \"nodo\" or \"finale\": read as \"normale\"."));
        }
        else
        {
            var t = type.Value.GetString();
            p.Finale = t == GameBookStudioFormat.Ending;
            if (t is not (GameBookStudioFormat.Ordinary or GameBookStudioFormat.Branching or GameBookStudioFormat.Ending))
            {
                diagnostics.Add(ImportCodes.UnknownParagraphType, Range(type), Msg.F($"{label}: 'type' is {Msg.Quote(t!)}, not \"normale\", \"nodo\" or \"finale\": read as \"normale\" (the value is kept for export)."));
            }
        }

        // content
        var content = raw.Find(GameBookStudioFormat.Content);
        if (content is null)
        {
            diagnostics.Add(ImportCodes.MissingField, positions.Range(raw.Offset, 1), Msg.F($"{label} has no 'content': its node has no lines."));
            p.ContentKept = false;
        }
        else if (content.Value.ValueKind != JsonValueKind.String)
        {
            diagnostics.Add(ImportCodes.WrongType, Range(content), Msg.F($"{label}: 'content' is {GameBookStudioProjectReader.Describe(content.Value.ValueKind)}, not a string: its node has no lines (the value is kept for export)."));
        }
        else
        {
            var text = content.Value.GetString()!;
            var dropped = new List<GameBookStudioContent.DroppedTag>();
            p.Lines = GameBookStudioContent.ToLines(text, dropped);
            p.ContentKept = GameBookStudioContent.FromLines(p.Lines) != text;
            foreach (var tag in dropped.Take(20))
            {
                diagnostics.Add(ImportCodes.MarkupNotConverted, Range(content),
                    Msg.F($"{label}: the HTML tag <{tag.Name}> (at character {tag.Offset + 1} of 'content') has no Yarn equivalent and was left out of the lines; the original content is kept for export."));
            }
        }

        // tags
        var tags = raw.Find(GameBookStudioFormat.Tags);
        if (tags is not null)
        {
            if (tags.Value.ValueKind != JsonValueKind.Array || tags.Value.EnumerateArray().Any(t => t.ValueKind != JsonValueKind.String))
            {
                diagnostics.Add(ImportCodes.WrongType, Range(tags), Msg.F($"{label}: 'tags' should be an array of strings: only its strings become Yarn tags (the value is kept for export)."));
            }

            p.Tags = tags.Value;
        }

        // actions
        var actions = raw.Find(GameBookStudioFormat.Actions);
        if (actions is null)
        {
            diagnostics.Add(ImportCodes.MissingField, positions.Range(raw.Offset, 1), Msg.F($"{label} has no 'actions': its node has no options."));
            p.ActionsKept = false;
        }
        else if (raw.Actions is null)
        {
            diagnostics.Add(ImportCodes.WrongType, Range(actions), Msg.F($"{label}: 'actions' is {GameBookStudioProjectReader.Describe(actions.Value.ValueKind)}, not an array: its node has no options (the value is kept for export)."));
        }
        else
        {
            ReadActions(p, raw.Actions, label, path);
        }

        return p;
    }

    private void ReadActions(Para p, List<RawAction> actions, string label, string path)
    {
        var canonical = true;
        foreach (var a in actions)
        {
            var at = Msg.F($"{path}.actions[{a.Index}]");
            if (a.Properties is null)
            {
                diagnostics.Add(ImportCodes.WrongType, positions.Range(a.Offset, 1), Msg.F($"{label}: {at} is {GameBookStudioProjectReader.Describe(a.Value.ValueKind)}, not an action object: no option for it (the value is kept for export)."));
                canonical = false;
                continue;
            }

            canonical &= a.Properties.Count == 2 && a.Properties[0].Name == GameBookStudioFormat.ActionText && a.Properties[1].Name == GameBookStudioFormat.ActionTarget;
            var textProp = a.Properties.Find(x => x.Name == GameBookStudioFormat.ActionText);
            var targetProp = a.Properties.Find(x => x.Name == GameBookStudioFormat.ActionTarget);
            string? text = null;
            if (textProp is null)
            {
                diagnostics.Add(ImportCodes.MissingField, positions.Range(a.Offset, 1), Msg.F($"{label}: {at} has no 'text': read as empty (\"Turn to N\")."));
            }
            else if (textProp.Value.ValueKind != JsonValueKind.String)
            {
                diagnostics.Add(ImportCodes.WrongType, Range(textProp), Msg.F($"{label}: {at}.text is {GameBookStudioProjectReader.Describe(textProp.Value.ValueKind)}, not a string: read as empty (\"Turn to N\")."));
                canonical = false;
            }
            else
            {
                text = textProp.Value.GetString();
            }

            string target;
            if (targetProp is null)
            {
                diagnostics.Add(ImportCodes.MissingField, positions.Range(a.Offset, 1), Msg.F($"{label}: {at} has no 'N.Par.' (its target): the option leads nowhere. Add \"N.Par.\": \"<paragraph number>\"."));
                target = string.Empty;
            }
            else if (targetProp.Value.ValueKind == JsonValueKind.String)
            {
                target = targetProp.Value.GetString()!;
            }
            else if (targetProp.Value.ValueKind == JsonValueKind.Number)
            {
                target = targetProp.Value.GetRawText();
                canonical = false;
                diagnostics.Add(ImportCodes.WrongType, Range(targetProp), Msg.F($"{label}: {at}['N.Par.'] is the number {target}, where the format writes the target as a string (\"{target}\"): read as paragraph {target}."));
            }
            else
            {
                target = string.Empty;
                canonical = false;
                diagnostics.Add(ImportCodes.WrongType, Range(targetProp), Msg.F($"{label}: {at}['N.Par.'] is {GameBookStudioProjectReader.Describe(targetProp.Value.ValueKind)}, not a paragraph number as a string: the option leads nowhere."));
            }

            var optionText = GameBookStudioMapping.OptionText(text, target, out var empty, out var adjusted);
            if (empty)
            {
                canonical = false;
                diagnostics.Add(ImportCodes.EmptyActionText, textProp is null ? positions.Range(a.Offset, 1) : Range(textProp), Msg.F($"{label}: {at} has no text, so its option reads \"Turn to {GameBookStudioMapping.Printable(target)}\" (the export writes the empty text back)."));
            }
            else if (adjusted || text != text!.Trim() || YarnText.Unescape(optionText) != text)
            {
                canonical = false;
                if (adjusted)
                {
                    diagnostics.Add(ImportCodes.TextAdjusted, Range(textProp!), Msg.F($"{label}: {at}.text has line breaks, which an option cannot show: they became spaces (the export writes the original back)."));
                }
            }

            p.Actions.Add((optionText, target, a));
        }

        p.ActionsKept = !canonical;
    }

    private void AssignNames()
    {
        Para? entry = null;
        foreach (var p in _paras)
        {
            if (p.Id is not { } id)
            {
                continue;
            }

            if (_byId.TryGetValue(id, out var first))
            {
                diagnostics.Add(ImportCodes.Duplicate, Range(p.Raw.Find(GameBookStudioFormat.Id)!),
                    Msg.F($"Paragraph {id} ($.paragraphs[{p.Raw.Index}]) has the same number as $.paragraphs[{first.Raw.Index}]: actions to {id} lead to the first; this one gets no section number (its number is kept for export). Renumber one of them."));
                continue;
            }

            p.OwnsId = true;
            _byId[id] = p;
            if (entry is null || id < entry.Id)
            {
                entry = p;
            }
        }

        entry ??= _paras.Count > 0 ? _paras[0] : null;
        var taken = new HashSet<string>(StringComparer.Ordinal) { "Start" };
        foreach (var p in _paras)
        {
            if (ReferenceEquals(p, entry))
            {
                p.Name = "Start";
                continue;
            }

            var name = p.Title is null ? string.Empty : YarnText.NameFrom(p.Title);
            if (name.Length == 0)
            {
                name = p.Id is { } id ? Msg.F($"Section_{id}").Replace('-', 'm') : Msg.F($"Paragraph_{p.Raw.Index + 1}");
            }
            else if (char.IsDigit(name[0]))
            {
                name = "Section_" + name;
            }

            p.Name = YarnText.Unique(name, taken);
        }

        _entry = entry;
    }

    private Para? _entry;

    private readonly Dictionary<RawAction, Para?> _resolved = [];

    private void ResolveActions()
    {
        foreach (var p in _paras)
        {
            foreach (var (_, target, action) in p.Actions)
            {
                var n = GameBookStudioMapping.ParseTarget(target);
                var to = n is { } id ? _byId.GetValueOrDefault(id) : null;
                _resolved[action] = to;
                if (to is null)
                {
                    var prop = action.Properties?.Find(x => x.Name == GameBookStudioFormat.ActionTarget);
                    diagnostics.Add(ImportCodes.BrokenTarget, prop is null ? positions.Range(action.Offset, 1) : Range(prop),
                        Msg.F($"{p.Label}: $.paragraphs[{p.Raw.Index}].actions[{action.Index}] leads to {(target.Length == 0 ? "no paragraph" : "paragraph " + Msg.Quote(target))}, which does not exist: the option is kept but leads nowhere (the story ends if it is chosen). Point it at an existing paragraph."));
                }
                else
                {
                    to.Incoming++;
                    p.ActionsKept |= target != to.Id!.Value.ToString(CultureInfo.InvariantCulture);
                }
            }

            p.ActionsKept |= p.Actions.Any(a => _resolved[a.Action] is null);
        }
    }

    private void ReportUnlinked()
    {
        foreach (var p in _paras)
        {
            if (p.Incoming == 0 && !ReferenceEquals(p, _entry) && p.OwnsId)
            {
                diagnostics.Add(ImportCodes.Unlinked, positions.Range(p.Raw.Offset, 1),
                    Msg.F($"{p.Label} ($.paragraphs[{p.Raw.Index}]) is not the first paragraph and no action leads to it, so a reader never gets there: link to it, or remove it if it is an old draft."));
            }
        }
    }

    private string Write()
    {
        var b = new StringBuilder(Math.Max(1024, _paras.Count * 400));
        b.Append("// Imported from a GameBook Studio project by GameBook.Authoring. Headers starting with 'gbs.' keep the\n")
         .Append("// project's fields that Yarn has no place for: leave them, and GameBookStudioExporter writes the project back.\n\n");
        if (_paras.Count == 0)
        {
            b.Append("title: Start\n").Append(GameBookStudioFormat.PlaceholderHeader).Append(": true\n");
            AppendBook(b);
            b.Append("---\nThis project has no paragraphs.\n===\n");
            return b.ToString();
        }

        foreach (var p in _paras)
        {
            cancellationToken.ThrowIfCancellationRequested();
            b.Append("title: ").Append(p.Name).Append('\n');
            if (p.Id is { } id)
            {
                b.Append(p.OwnsId ? "section: " : GameBookStudioFormat.IdHeader + ": ").Append(id.ToString(CultureInfo.InvariantCulture)).Append('\n');
            }

            var tags = GameBookStudioMapping.YarnTags(p.Tags, p.Finale);
            if (tags.Count > 0)
            {
                b.Append("tags: ").AppendJoin(' ', tags).Append('\n');
            }

            if (ReferenceEquals(p, _entry))
            {
                AppendBook(b);
            }

            AppendParagraph(b, p);
            b.Append("---\n");
            foreach (var line in p.Lines)
            {
                b.Append(line).Append('\n');
            }

            foreach (var (text, target, action) in p.Actions)
            {
                b.Append("-> ").Append(text);
                if (_resolved[action] is { } to)
                {
                    b.Append("\n    <<jump ").Append(to.Name).Append(">>\n");
                }
                else
                {
                    b.Append(target.Length == 0 ? " // leads nowhere: the action has no target" : " // leads nowhere: there is no paragraph " + GameBookStudioMapping.Printable(target)).Append('\n');
                }
            }

            b.Append("===\n");
        }

        return b.ToString();
    }

    private void AppendBook(StringBuilder b)
    {
        if (project.Root.Count == 0)
        {
            return;
        }

        using var buffer = new PooledBuffer();
        using (var w = new Utf8JsonWriter(buffer.Writer, YarnText.CompactJson))
        {
            w.WriteStartObject();
            foreach (var prop in project.Root)
            {
                w.WritePropertyName(prop.Name);
                prop.Value.WriteTo(w);
            }

            w.WriteEndObject();
        }

        b.Append(GameBookStudioFormat.BookHeader).Append(": ").Append(buffer.ToUtf8String()).Append('\n');
    }

    private static void AppendParagraph(StringBuilder b, Para p)
    {
        using var buffer = new PooledBuffer();
        var any = false;
        using (var w = new Utf8JsonWriter(buffer.Writer, YarnText.CompactJson))
        {
            w.WriteStartObject();
            foreach (var prop in p.Raw.Properties!)
            {
                switch (prop.Name)
                {
                    case GameBookStudioFormat.Id when p.Id is not null:
                        continue;
                    case GameBookStudioFormat.Content when !p.ContentKept:
                        continue;
                    case GameBookStudioFormat.Actions when !p.ActionsKept:
                        continue;
                }

                any = true;
                w.WritePropertyName(prop.Name);
                if (prop.Name == GameBookStudioFormat.Actions && p.Raw.Actions is { } actions && prop.Value.ValueKind == JsonValueKind.Undefined)
                {
                    WriteActions(w, actions);
                }
                else
                {
                    prop.Value.WriteTo(w);
                }
            }

            w.WriteEndObject();
        }

        if (any)
        {
            b.Append(GameBookStudioFormat.ParagraphHeader).Append(": ").Append(buffer.ToUtf8String()).Append('\n');
        }
    }

    internal static void WriteActions(Utf8JsonWriter w, List<RawAction> actions)
    {
        w.WriteStartArray();
        foreach (var a in actions)
        {
            if (a.Properties is null)
            {
                a.Value.WriteTo(w);
                continue;
            }

            w.WriteStartObject();
            foreach (var prop in a.Properties)
            {
                w.WritePropertyName(prop.Name);
                prop.Value.WriteTo(w);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private SourceRange Range(JsonField prop) => positions.Range(prop.ValueOffset, Math.Min(prop.ValueLength, 10_000));
}
