using System.Text;
using System.Text.Json;

namespace GameBook.Authoring.Import;

/// <summary>
/// Imports a Twee 3 story (Twine's text format; see docs/authoring.md): one Yarn node per passage, its tags as
/// <c>tags:</c> and its metadata in a <c>twee.metadata</c> header; the four link forms as options; the
/// <c>StoryData</c> start passage as the <c>Start</c> node. Harlowe and SugarCube code with an exact Yarn
/// equivalent (<c>(set:)</c>, <c>(put:)</c>, <c>&lt;&lt;set&gt;&gt;</c>, simple <c>(if:)</c>/<c>(else-if:)</c>/<c>(else:)</c>
/// hooks and <c>&lt;&lt;if&gt;&gt;</c> blocks) is converted; everything else is kept as text and reported as a warning
/// with its position. Never throws for bad input. Thread-safe: imports share no state.
/// </summary>
public static class TweeImporter
{
    /// <summary>Header holding a passage's name when its node's title had to differ (spaces, punctuation, duplicates).</summary>
    public const string NameHeader = "twee.name";

    /// <summary>Header holding a passage's metadata JSON object (<c>{"position":"100,100"}</c>).</summary>
    public const string MetadataHeader = "twee.metadata";

    /// <summary>Header on the entry node holding the <c>StoryTitle</c> passage's text as a JSON string.</summary>
    public const string TitleHeader = "twee.title";

    /// <summary>Header on the entry node holding the <c>StoryData</c> passage's JSON object.</summary>
    public const string StoryDataHeader = "twee.storydata";

    /// <summary>Imports a Twee 3 story from its text.</summary>
    /// <param name="twee">The <c>.twee</c> file's text.</param>
    /// <param name="options">Paths for diagnostics and the result, limits; null uses the defaults.</param>
    /// <param name="cancellationToken">Stops the import.</param>
    /// <returns>The Yarn source and the diagnostics, positioned in the Twee file.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="twee"/> is null.</exception>
    /// <exception cref="ArgumentException">The options' <see cref="ImportOptions.MaxDiagnostics"/> is below 1.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static ImportResult Import(string twee, TweeImportOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(twee);
        options ??= new TweeImportOptions();
        var (sourcePath, yarnPath) = options.Paths(ImportDefaults.TweeSourcePath);
        if (twee.StartsWith('\uFEFF'))
        {
            twee = " " + twee[1..];
        }

        var diagnostics = new DiagnosticList(sourcePath, options.MaxDiagnostics);
        var positions = new TextPositions(twee);
        var nul = twee.IndexOf('\0', StringComparison.Ordinal);
        if (nul >= 0)
        {
            diagnostics.Add(ImportCodes.TextAdjusted, positions.Range(nul, 1), "The file contains NUL characters, which a Yarn file cannot hold: each is written as the symbol \u2400. Is this a text file?");
            twee = twee.Replace('\0', YarnText.NulStandIn);
        }

        var passages = TweeReader.Read(twee, diagnostics, positions, cancellationToken);
        var yarn = new TweeConversion(twee, passages, diagnostics, positions, cancellationToken).Run();
        return new ImportResult(yarn, yarnPath, diagnostics.ToImmutable());
    }
}

/// <summary>One Twee import: special passages, names, variable types, then each passage's Yarn.</summary>
internal sealed class TweeConversion(string file, List<TweePassage> all, DiagnosticList diagnostics, TextPositions positions, CancellationToken cancellationToken)
{
    private readonly Dictionary<string, TweePassage> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ExprType> _types = new(StringComparer.Ordinal);
    private readonly List<(TweePassage Passage, List<TweeItem> Items)> _story = [];
    private readonly Dictionary<TweePassage, int> _incoming = [];
    private string? _title;
    private string? _storyData;
    private string? _start;
    private int _storyDataOffset;

    public string Run()
    {
        foreach (var p in all)
        {
            if (p.Name == "StoryTitle")
            {
                _title = p.Text.Trim();
                continue;
            }

            if (p.Name == "StoryData")
            {
                ReadStoryData(p);
                continue;
            }

            if (p.Tags.Contains("script") || p.Tags.Contains("stylesheet"))
            {
                diagnostics.Add(ImportCodes.SpecialPassage, positions.Range(p.HeaderOffset, p.HeaderLength),
                    Msg.F($"Passage {Msg.Quote(p.Name)} is tagged '{(p.Tags.Contains("script") ? "script" : "stylesheet")}': the story format runs it as code, so it is not imported as a node."));
                continue;
            }

            if (!_byName.TryAdd(p.Name, p))
            {
                diagnostics.Add(ImportCodes.Duplicate, positions.Range(p.HeaderOffset, p.HeaderLength),
                    Msg.F($"Two passages are named {Msg.Quote(p.Name)}: links lead to the first; this one is imported under another node title. Rename one of them."));
            }

            _story.Add((p, new TweeBodyParser(file).Parse(p.TextOffset, p.TextOffset + p.Text.Length)));
        }

        var entry = ChooseEntry();
        Name(entry);
        InferTypes();
        var b = new StringBuilder(Math.Max(1024, file.Length * 2));
        b.Append("// Imported from Twee 3 by GameBook.Authoring. Headers starting with 'twee.' keep what Yarn has no place for.\n\n");
        foreach (var (p, items) in _story)
        {
            cancellationToken.ThrowIfCancellationRequested();
            WritePassage(b, p, items, ReferenceEquals(p, entry));
        }

        foreach (var (p, _) in _story)
        {
            if (!ReferenceEquals(p, entry) && _incoming.GetValueOrDefault(p) == 0)
            {
                diagnostics.Add(ImportCodes.Unlinked, positions.Range(p.HeaderOffset, p.HeaderLength),
                    Msg.F($"No link leads to passage {Msg.Quote(p.Name)} and it is not the start passage, so a reader never gets there (unless story-format code goes there): link to it, or remove it."));
            }
        }

        return b.ToString();
    }

    private void ReadStoryData(TweePassage p)
    {
        _storyDataOffset = p.TextOffset;
        try
        {
            using var doc = JsonDocument.Parse(p.Text);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new JsonException("not an object");
            }

            _storyData = TweeReader.Compact(doc.RootElement);
            if (doc.RootElement.TryGetProperty("start", out var start) && start.ValueKind == JsonValueKind.String)
            {
                _start = start.GetString();
            }
        }
        catch (JsonException)
        {
            diagnostics.Add(ImportCodes.InvalidStoryData, positions.Range(p.TextOffset, p.Text.Length),
                "The StoryData passage is not a JSON object (like {\"ifid\": \"...\", \"start\": \"First passage\"}): its settings, the start passage among them, were not read.");
        }
    }

    private TweePassage? ChooseEntry()
    {
        if (_start is not null && _byName.TryGetValue(_start, out var named))
        {
            return named;
        }

        var fallback = _byName.GetValueOrDefault("Start") ?? (_story.Count > 0 ? _story[0].Passage : null);
        if (fallback is not null && (_start is not null || !ReferenceEquals(fallback, _byName.GetValueOrDefault("Start"))))
        {
            diagnostics.Add(ImportCodes.StartPassageMissing, _start is null ? positions.Range(fallback.HeaderOffset, fallback.HeaderLength) : positions.Range(_storyDataOffset, 1),
                _start is null
                    ? Msg.F($"The story names no start passage (StoryData's \"start\"): the first passage, {Msg.Quote(fallback.Name)}, is the entry node Start.")
                    : Msg.F($"StoryData's start passage {Msg.Quote(_start)} does not exist: {Msg.Quote(fallback.Name)} is the entry node Start instead."));
        }

        return fallback;
    }

    private void Name(TweePassage? entry)
    {
        var taken = new HashSet<string>(StringComparer.Ordinal) { "Start" };
        var index = 0;
        foreach (var (p, _) in _story)
        {
            index++;
            if (ReferenceEquals(p, entry))
            {
                p.NodeName = "Start";
                continue;
            }

            var name = YarnText.NameFrom(p.Name);
            if (name.Length == 0)
            {
                name = Msg.F($"Passage_{index}");
            }
            else if (char.IsDigit(name[0]))
            {
                name = "Passage_" + name;
            }

            p.NodeName = YarnText.Unique(name, taken);
        }
    }

    // A variable's type is that of the values assigned to it; one that gets two types, or none, is not converted.
    private void InferTypes()
    {
        var assignments = new List<(string Variable, List<string> Value)>();
        void Collect(List<TweeItem> items)
        {
            foreach (var item in items)
            {
                switch (item)
                {
                    case TweeSet s:
                        assignments.AddRange(s.Assignments.Where(a => a.Op == "to").Select(a => (a.Variable, a.Value)));
                        break;
                    case TweeIf f:
                        foreach (var c in f.Clauses)
                        {
                            Collect(c.Body);
                        }

                        break;
                }
            }
        }

        foreach (var (_, items) in _story)
        {
            Collect(items);
        }

        var conflicted = new HashSet<string>(StringComparer.Ordinal);
        for (var round = 0; round < 8; round++)
        {
            var changed = false;
            var expressions = new StoryFormatExpressions(_types);
            foreach (var (variable, value) in assignments)
            {
                if (conflicted.Contains(variable))
                {
                    continue;
                }

                var (_, type) = expressions.Convert(value);
                if (type == ExprType.Unknown)
                {
                    continue;
                }

                if (!_types.TryGetValue(variable, out var known))
                {
                    _types[variable] = type;
                    changed = true;
                }
                else if (known != type)
                {
                    conflicted.Add(variable);
                    _types.Remove(variable);
                    changed = true;
                }
            }

            if (!changed)
            {
                break;
            }
        }
    }

    private sealed class Writer
    {
        public StringBuilder Out { get; } = new();

        public StringBuilder Line { get; } = new();

        public bool LineHasText { get; set; }

        public bool ColonEscaped;

        public List<string> Before { get; } = [];

        public List<(string Text, string? Target, string Conditions)> Options { get; } = [];
    }

    private void WritePassage(StringBuilder b, TweePassage p, List<TweeItem> items, bool isEntry)
    {
        b.Append("title: ").Append(p.NodeName).Append('\n');
        if (p.NodeName != p.Name)
        {
            b.Append(TweeImporter.NameHeader).Append(": ").Append(YarnText.JsonString(p.Name)).Append('\n');
        }

        var tags = p.Tags.Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (tags.Count > 0)
        {
            b.Append("tags: ").AppendJoin(' ', tags).Append('\n');
        }

        if (p.MetadataJson is not null)
        {
            b.Append(TweeImporter.MetadataHeader).Append(": ").Append(p.MetadataJson).Append('\n');
        }

        if (isEntry)
        {
            if (_title is not null)
            {
                b.Append(TweeImporter.TitleHeader).Append(": ").Append(YarnText.JsonString(_title)).Append('\n');
            }

            if (_storyData is not null)
            {
                b.Append(TweeImporter.StoryDataHeader).Append(": ").Append(_storyData).Append('\n');
            }
        }

        b.Append("---\n");
        if (isEntry)
        {
            foreach (var (variable, type) in _types.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                b.Append("<<declare ").Append(variable).Append(" = ").Append(StoryFormatExpressions.Default(type)).Append(">>\n");
            }
        }

        var w = new Writer();
        Emit(w, p, items, 0, string.Empty);
        Flush(w, 0);
        b.Append(w.Out);
        foreach (var (text, target, conditions) in w.Options)
        {
            b.Append("-> ").Append(text);
            if (conditions.Length > 0)
            {
                b.Append(" <<if ").Append(conditions).Append(">>");
            }

            if (target is not null)
            {
                b.Append("\n    <<jump ").Append(target).Append(">>\n");
            }
            else
            {
                b.Append(" // leads nowhere: no passage has this name\n");
            }
        }

        b.Append("===\n");
    }

    private void Emit(Writer w, TweePassage p, List<TweeItem> items, int indent, string conditions)
    {
        foreach (var item in items)
        {
            switch (item)
            {
                case TweeText t:
                    EmitText(w, t);
                    w.LineHasText |= !string.IsNullOrWhiteSpace(t.Text);
                    WarnFormatting(t);
                    break;
                case TweeGoto go:
                    if (_byName.TryGetValue(go.Target, out var to))
                    {
                        // Both formats leave the passage at once, as Yarn's <<jump>> does: what came before shows, nothing after.
                        Flush(w, indent);
                        w.Out.Append(new string(' ', indent)).Append("<<jump ").Append(to.NodeName).Append(">>\n");
                    }
                    else
                    {
                        Keep(w, new TweeCode(go.Offset, go.Length, go.Text, Msg.F($"it goes to {Msg.Quote(go.Target)}, and no passage has that name")));
                    }

                    break;
                case TweeBreak:
                    Flush(w, indent);
                    break;
                case TweeLink link:
                    YarnText.AppendEscaped(w.Line, link.Text, ref w.ColonEscaped);
                    AddOption(w, p, link, conditions);
                    break;
                case TweeSet set:
                    var converted = new StringBuilder();
                    var expressions = new StoryFormatExpressions(_types);
                    var ok = true;
                    foreach (var a in set.Assignments)
                    {
                        var one = new StringBuilder();
                        ok &= expressions.TryAssignment(one, a);
                        converted.Append(one).Append('\n');
                    }

                    if (ok)
                    {
                        foreach (var line in converted.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries))
                        {
                            w.Before.Add(new string(' ', indent) + line);
                        }
                    }
                    else
                    {
                        Keep(w, new TweeCode(set.Offset, set.Length, set.Text, "a variable or value here has no single Yarn type (it is assigned values of different types, or never a plain value)"));
                    }

                    break;
                case TweeIf chain:
                    EmitIf(w, p, chain, indent, conditions);
                    break;
                case TweeCode code:
                    Keep(w, code);
                    break;
            }
        }
    }

    /// <summary>
    /// Passage text, where a bare <c>$name</c> prints the variable (Harlowe and SugarCube both do): it becomes
    /// <c>{$name}</c> when the variable has one Yarn type. A property access (<c>$x's y</c>, <c>$x.y</c>, <c>$x[0]</c>)
    /// or a variable without one type is kept as text with a warning.
    /// </summary>
    private void EmitText(Writer w, TweeText t)
    {
        var text = t.Text;
        var from = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '$' || i + 1 >= text.Length || !(char.IsAsciiLetter(text[i + 1]) || text[i + 1] == '_'))
            {
                continue;
            }

            var end = i + 2;
            while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] == '_'))
            {
                end++;
            }

            YarnText.AppendEscaped(w.Line, text.AsSpan(from, i - from), ref w.ColonEscaped);
            var variable = text[i..end];
            var property = end < text.Length && (text[end] == '[' || (text[end] == '.' && end + 1 < text.Length && char.IsAsciiLetter(text[end + 1]))
                || (text[end] == '\'' && end + 1 < text.Length && text[end + 1] == 's' && (end + 2 >= text.Length || !char.IsAsciiLetterOrDigit(text[end + 2]))));
            if (!property && _types.TryGetValue(variable, out var type) && type != ExprType.Unknown)
            {
                w.Line.Append('{').Append(variable).Append('}');
            }
            else
            {
                Keep(w, new TweeCode(t.Offset + i, end - i, variable, property
                    ? "it reads a property of the variable, which Yarn's typed variables do not have"
                    : "this variable has no single Yarn type (it is never assigned a plain value, or assigned values of different types)"));
            }

            from = end;
            i = end - 1;
        }

        YarnText.AppendEscaped(w.Line, text.AsSpan(from), ref w.ColonEscaped);
    }

    private void EmitIf(Writer w, TweePassage p, TweeIf chain, int indent, string conditions)
    {
        var expressions = new StoryFormatExpressions(_types);
        var converted = chain.Clauses.Select(c => c.Condition is null ? string.Empty : expressions.Condition(c.Condition)).ToList();
        var hasElseLast = chain.Clauses[^1].Condition is null;
        var convertible = chain.LineLevel && converted.All(c => c is not null) && chain.Clauses.Take(chain.Clauses.Count - 1).All(c => c.Condition is not null);
        if (!convertible)
        {
            var why = !chain.LineLevel
                ? "this conditional does not fill whole lines, and Yarn's <<if>> blocks do (the condition is kept as text, its contents are shown unconditionally)"
                : "this condition is outside what converts exactly (numbers, plain strings, true/false, typed $variables, comparisons, and/or/not)";
            foreach (var clause in chain.Clauses)
            {
                var head = Offset(file, chain.Offset, clause.Head);
                Keep(w, new TweeCode(head, clause.Head.Length, clause.Head, why));
                Emit(w, p, clause.Body, indent, conditions);
                if (clause.Tail.Length > 0)
                {
                    YarnText.AppendEscaped(w.Line, clause.Tail, ref w.ColonEscaped);
                }
            }

            if (chain.End.Length > 0)
            {
                Keep(w, new TweeCode(chain.Offset + chain.Length - chain.End.Length, chain.End.Length, chain.End, "it closes a conditional that was kept as text"));
            }

            return;
        }

        Flush(w, indent);
        var previous = new List<string>();
        for (var k = 0; k < chain.Clauses.Count; k++)
        {
            var clause = chain.Clauses[k];
            var cond = converted[k]!;
            var pad = new string(' ', indent);
            w.Out.Append(pad).Append(k == 0 ? "<<if " + cond + ">>" : clause.Condition is null ? "<<else>>" : "<<elseif " + cond + ">>").Append('\n');
            var parts = new List<string>();
            if (conditions.Length > 0)
            {
                parts.Add(conditions);
            }

            parts.AddRange(previous.Select(c => "not (" + c + ")"));
            if (clause.Condition is not null)
            {
                parts.Add("(" + cond + ")");
                previous.Add(cond);
            }

            Emit(w, p, clause.Body, indent + 4, string.Join(" and ", parts));
            Flush(w, indent + 4);
        }

        _ = hasElseLast;
        w.Out.Append(new string(' ', indent)).Append("<<endif>>\n");
    }

    private static int Offset(string file, int from, string head)
    {
        var at = file.IndexOf(head, from, StringComparison.Ordinal);
        return at < 0 ? from : at;
    }

    private void AddOption(Writer w, TweePassage p, TweeLink link, string conditions)
    {
        var text = YarnText.EndLine(YarnText.Escape(link.Text.Replace('\t', ' ')));
        if (_byName.TryGetValue(link.Target, out var to))
        {
            _incoming[to] = _incoming.GetValueOrDefault(to) + 1;
            w.Options.Add((text, to.NodeName, conditions));
        }
        else
        {
            w.Options.Add((text, null, conditions));
            diagnostics.Add(ImportCodes.BrokenTarget, positions.Range(link.Offset, link.Length),
                Msg.F($"The link {Msg.Quote(file.Substring(link.Offset, Math.Min(link.Length, 80)))} in passage {Msg.Quote(p.Name)} leads to {Msg.Quote(link.Target)}, and no passage has that name: the option is kept but leads nowhere. Fix the name, or add the passage."));
        }
    }

    private void Keep(Writer w, TweeCode code)
    {
        YarnText.AppendEscaped(w.Line, code.Text, ref w.ColonEscaped);
        w.LineHasText = true;
        diagnostics.Add(ImportCodes.StoryFormatCode, positions.Range(code.Offset, code.Length),
            Msg.F($"{Msg.Quote(code.Text)} is kept as text: {code.Why}. Rewrite it in Yarn (see docs/story-language.md), or delete it."));
    }

    private void WarnFormatting(TweeText t)
    {
        foreach (var mark in (string[])["//", "''"])
        {
            var at = t.Text.IndexOf(mark, StringComparison.Ordinal);
            if (at >= 0 && t.Text.IndexOf(mark, at + 2, StringComparison.Ordinal) > at)
            {
                diagnostics.Add(ImportCodes.StoryFormatCode, positions.Range(t.Offset + at, 2),
                    Msg.F($"The story-format markup {mark}...{mark} ({(mark == "//" ? "italic" : "bold")}) is kept as text: Yarn markup is [{(mark == "//" ? "i" : "b")}]...[/{(mark == "//" ? "i" : "b")}], which hosts style themselves."));
            }
        }
    }

    private static void Flush(Writer w, int indent)
    {
        var pad = new string(' ', indent);
        foreach (var before in w.Before)
        {
            w.Out.Append(before).Append('\n');
        }

        w.Before.Clear();
        if (w.LineHasText)
        {
            var line = w.Line.ToString().Trim();
            if (line.Length > 0)
            {
                w.Out.Append(pad).Append(YarnText.EndLine(TrimEscapedEnd(line))).Append('\n');
            }
        }

        w.Line.Clear();
        w.LineHasText = false;
        w.ColonEscaped = false;
    }

    // A trailing backslash left by trimming would escape the newline's absence: keep escapes whole.
    private static string TrimEscapedEnd(string line) => line;
}
