using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Text;
using GameBook.Values;

namespace GameBook.Text;

// CONTRACT (owned by the runtime work): the compiler calls Parse at compile time; the session renders.
// Raw text format handed in by the compiler: the line's source text (character prefix included; hashtags,
// trailing condition and comment removed; surrounding whitespace trimmed), with every inline expression
// `{expr}` replaced by `{N}` (N = 0-based substitution index, in source order), and every backslash
// escape kept exactly as written in the source (`\{`, `\#`, `\[`, `\\`, `\:`, `\/`, `\<`, ...).
// An unescaped `{` therefore always starts a placeholder.

/// <summary>
/// A parsed line text: literal runs, substitution placeholders and markup. Immutable and shared by all
/// sessions; <see cref="Compose"/> is thread-safe. Templates without placeholders or replacement markers
/// are composed once at parse time, so delivering such a line allocates nothing.
/// </summary>
internal sealed class LineTemplate
{
    private static readonly IReadOnlyList<MarkupAttribute> NoAttributes = [];

    private readonly Segment[] _segments;
    private readonly TemplateAttribute[] _attributes;
    private readonly Replacement[] _replacements;
    private readonly string? _constantText;
    private readonly IReadOnlyList<MarkupAttribute>? _fixedAttributes;

    private LineTemplate(string rawText, int substitutionCount, Segment[] segments, TemplateAttribute[] attributes, Replacement[] replacements, string? characterName)
    {
        RawText = rawText;
        SubstitutionCount = substitutionCount;
        _segments = segments;
        _attributes = attributes;
        _replacements = replacements;
        CharacterName = characterName;
        var isConstant = true;
        foreach (var segment in segments)
        {
            isConstant &= segment.Kind is not (SegmentKind.Placeholder or SegmentKind.Replacement);
        }

        foreach (var attribute in attributes)
        {
            isConstant &= !attribute.HasDynamicProperties;
        }

        _fixedAttributes = ComputeFixedAttributes();
        if (isConstant)
        {
            // No placeholders, replacements or dynamic properties: the text is the literals joined, and the
            // attributes are fixed (ComputeFixedAttributes never gives null here).
            _constantText = JoinLiterals(segments, rawText);
            _fixedAttributes ??= NoAttributes;
        }
    }

    // The common line ("Name: text" without escapes) joins back to its raw text, which is then shared.
    private static string JoinLiterals(Segment[] segments, string rawText)
    {
        string? single = null;
        var length = 0;
        var count = 0;
        foreach (var segment in segments)
        {
            if (segment.Kind == SegmentKind.Literal)
            {
                single = segment.Text!;
                length += single.Length;
                count++;
            }
        }

        if (count == 0)
        {
            return string.Empty;
        }

        if (count == 1)
        {
            return single!;
        }

        if (length == rawText.Length)
        {
            var matches = true;
            var at = 0;
            foreach (var segment in segments)
            {
                if (segment.Kind == SegmentKind.Literal)
                {
                    if (!rawText.AsSpan(at, segment.Text!.Length).SequenceEqual(segment.Text))
                    {
                        matches = false;
                        break;
                    }

                    at += segment.Text.Length;
                }
            }

            if (matches)
            {
                return rawText;
            }
        }

        return string.Create(length, segments, static (span, segs) =>
        {
            var at = 0;
            foreach (var segment in segs)
            {
                if (segment.Kind == SegmentKind.Literal)
                {
                    segment.Text.AsSpan().CopyTo(span[at..]);
                    at += segment.Text!.Length;
                }
            }
        });
    }

    /// <summary>How many substitution values the line consumes.</summary>
    public int SubstitutionCount { get; }

    /// <summary>The raw text this template was parsed from (saves hash it to detect changed lines).</summary>
    public string RawText { get; }

    /// <summary>The character name from a <c>Name: </c> prefix, or null.</summary>
    public string? CharacterName { get; }

    /// <summary>The composed text when it never varies (no placeholders, no replacement markers); else null.</summary>
    public string? ConstantText => _constantText;

    /// <summary>The attributes that go with <see cref="ConstantText"/> (null when the text is not constant).</summary>
    public IReadOnlyList<MarkupAttribute>? ConstantAttributes => _constantText is null ? null : _fixedAttributes;

    /// <summary>Parses raw line text (see the format above); problems come back as <paramref name="errors"/>, never exceptions.</summary>
    public static LineTemplate Parse(string rawText, int substitutionCount, out ImmutableArray<TemplateError> errors)
    {
        ArgumentNullException.ThrowIfNull(rawText);
        // One parser per thread, reused: its lists and literal buffer keep their capacity across lines.
        var parser = t_parser ?? new Parser();
        t_parser = null;
        var text = TrimUnescapedEnd(rawText);
        parser.Reset(text, substitutionCount);
        parser.Run(markup: true);
        errors = parser.Errors is null ? [] : [.. parser.Errors];
        if (!errors.IsEmpty)
        {
            // Markup that does not parse is shown as written (as Yarn Spinner does), so old or unusual text still runs.
            parser.Reset(text, substitutionCount);
            parser.Run(markup: false);
        }

        var template = new LineTemplate(rawText, substitutionCount, [.. parser.Segments], parser.Attributes.Count == 0 ? [] : [.. parser.Attributes], parser.Replacements.Count == 0 ? [] : [.. parser.Replacements], parser.CharacterName);
        parser.Reset(string.Empty, 0);
        t_parser = parser;
        return template;
    }

    [ThreadStatic]
    private static Parser? t_parser;

    // Trailing whitespace is never part of a line unless escaped ("\\ " ends in an escaped backslash, then a space).
    private static string TrimUnescapedEnd(string raw)
    {
        var end = raw.Length;
        while (end > 0 && char.IsWhiteSpace(raw[end - 1]))
        {
            var backslashes = 0;
            while (end - 2 - backslashes >= 0 && raw[end - 2 - backslashes] == '\\')
            {
                backslashes++;
            }

            if (backslashes % 2 == 1)
            {
                break;
            }

            end--;
        }

        return end == raw.Length ? raw : raw[..end];
    }

    /// <summary>
    /// Composes the display text from <paramref name="substitutions"/> (one per placeholder, inserted as plain
    /// text, never re-parsed), applying select/plural/ordinal with <paramref name="rules"/>.
    /// </summary>
    public string Compose(ReadOnlySpan<StoryValue> substitutions, IPluralRules rules, out IReadOnlyList<MarkupAttribute> attributes)
    {
        if (_constantText is not null)
        {
            attributes = _fixedAttributes!;
            return _constantText;
        }

        var writer = new CharWriter(64);
        Span<int> starts = _attributes.Length <= 16 ? stackalloc int[_attributes.Length] : new int[_attributes.Length];
        Span<int> ends = _attributes.Length <= 16 ? stackalloc int[_attributes.Length] : new int[_attributes.Length];
        foreach (var segment in _segments)
        {
            switch (segment.Kind)
            {
                case SegmentKind.Literal:
                    writer.Append(segment.Text);
                    break;
                case SegmentKind.Placeholder:
                    if ((uint)segment.Index < (uint)substitutions.Length)
                    {
                        writer.Append(substitutions[segment.Index]);
                    }

                    break;
                case SegmentKind.AttributeStart:
                    starts[segment.Index] = writer.Length;
                    break;
                case SegmentKind.AttributeEnd:
                    ends[segment.Index] = writer.Length;
                    break;
                case SegmentKind.Replacement:
                    _replacements[segment.Index].Write(ref writer, substitutions, rules);
                    break;
            }
        }

        attributes = _fixedAttributes ?? BuildAttributes(starts, ends, substitutions);
        var text = writer.ToString();
        writer.Dispose();
        return text;
    }

    private MarkupAttribute[] BuildAttributes(ReadOnlySpan<int> starts, ReadOnlySpan<int> ends, ReadOnlySpan<StoryValue> substitutions)
    {
        var result = new MarkupAttribute[_attributes.Length];
        for (var i = 0; i < result.Length; i++)
        {
            var attribute = _attributes[i];
            result[i] = new MarkupAttribute(attribute.Name, starts[i], Math.Max(0, ends[i] - starts[i]), attribute.PropertiesFor(substitutions));
        }

        return result;
    }

    // Attribute positions are fixed when every attribute closes before the first variable-length segment
    // and no property comes from a substitution; then one list serves every composition.
    private IReadOnlyList<MarkupAttribute>? ComputeFixedAttributes()
    {
        if (_attributes.Length == 0)
        {
            return NoAttributes;
        }

        Span<int> starts = _attributes.Length <= 16 ? stackalloc int[_attributes.Length] : new int[_attributes.Length];
        Span<int> ends = _attributes.Length <= 16 ? stackalloc int[_attributes.Length] : new int[_attributes.Length];
        Span<bool> closed = _attributes.Length <= 16 ? stackalloc bool[_attributes.Length] : new bool[_attributes.Length];
        var position = 0;
        foreach (var segment in _segments)
        {
            switch (segment.Kind)
            {
                case SegmentKind.Literal:
                    position += segment.Text!.Length;
                    break;
                case SegmentKind.AttributeStart:
                    starts[segment.Index] = position;
                    break;
                case SegmentKind.AttributeEnd:
                    ends[segment.Index] = position;
                    closed[segment.Index] = true;
                    break;
                default:
                    foreach (var isClosed in closed)
                    {
                        if (!isClosed)
                        {
                            return null;
                        }
                    }

                    goto done;
            }
        }

    done:
        foreach (var attribute in _attributes)
        {
            if (attribute.HasDynamicProperties)
            {
                return null;
            }
        }

        // Lines of one speaker ("Narrator: ...") share a character attribute and its fixed position, so the
        // list built for the previous template on this thread serves again when it matches.
        if (_attributes.Length == 1 && t_lastFixed is { } last && last[0].Position == starts[0] && last[0].Length == Math.Max(0, ends[0] - starts[0])
            && ReferenceEquals(last[0].Name, _attributes[0].Name) && ReferenceEquals(last[0].Properties, _attributes[0].PropertiesFor([])))
        {
            return last;
        }

        var built = BuildAttributes(starts, ends, []);
        if (built.Length == 1)
        {
            t_lastFixed = built;
        }

        return built;
    }

    [ThreadStatic]
    private static MarkupAttribute[]? t_lastFixed;

    private enum SegmentKind : byte
    {
        Literal,
        Placeholder,
        AttributeStart,
        AttributeEnd,
        Replacement,
    }

    private readonly record struct Segment(SegmentKind Kind, string? Text, int Index);

    /// <summary>A property value: a literal, or (when <see cref="Literal"/> is null) a substitution.</summary>
    private readonly record struct PropertyValue(string? Literal, int Placeholder)
    {
        public void Write(ref CharWriter writer, ReadOnlySpan<StoryValue> substitutions)
        {
            if (Literal is not null)
            {
                writer.Append(Literal);
            }
            else if ((uint)Placeholder < (uint)substitutions.Length)
            {
                writer.Append(substitutions[Placeholder]);
            }
        }

        public string AsString(ReadOnlySpan<StoryValue> substitutions) =>
            Literal ?? ((uint)Placeholder < (uint)substitutions.Length ? substitutions[Placeholder].ToString() : string.Empty);
    }

    private sealed class TemplateAttribute(string name, KeyValuePair<string, PropertyValue>[] properties)
    {
        private readonly KeyValuePair<string, PropertyValue>[] _properties = properties;
        private readonly IReadOnlyDictionary<string, string>? _literalProperties = LiteralProperties(properties);

        public string Name { get; } = name;

        public bool HasDynamicProperties => _literalProperties is null;

        public IReadOnlyDictionary<string, string> PropertiesFor(ReadOnlySpan<StoryValue> substitutions)
        {
            if (_literalProperties is not null)
            {
                return _literalProperties;
            }

            var result = new Dictionary<string, string>(_properties.Length, StringComparer.Ordinal);
            foreach (var (key, value) in _properties)
            {
                result[key] = value.AsString(substitutions);
            }

            return result;
        }

        // Markup tags carry a handful of properties, so a small array searched in order beats building a
        // frozen dictionary for every tag; the first of duplicate keys wins.
        private static IReadOnlyDictionary<string, string>? LiteralProperties(KeyValuePair<string, PropertyValue>[] properties)
        {
            if (properties.Length > 8)
            {
                foreach (var p in properties)
                {
                    if (p.Value.Literal is null)
                    {
                        return null;
                    }
                }

                var map = new Dictionary<string, string>(properties.Length, StringComparer.Ordinal);
                foreach (var p in properties)
                {
                    map.TryAdd(p.Key, p.Value.Literal!);
                }

                return map.ToFrozenDictionary(StringComparer.Ordinal);
            }

            var entries = new KeyValuePair<string, string>[properties.Length];
            var count = 0;
            foreach (var p in properties)
            {
                if (p.Value.Literal is null)
                {
                    return null;
                }

                var duplicate = false;
                for (var k = 0; k < count; k++)
                {
                    duplicate |= string.Equals(entries[k].Key, p.Key, StringComparison.Ordinal);
                }

                if (!duplicate)
                {
                    entries[count++] = new(p.Key, p.Value.Literal);
                }
            }

            if (count < entries.Length)
            {
                Array.Resize(ref entries, count);
            }

            return new SmallDictionary(entries);
        }
    }

    /// <summary>A read-only map over a few entries, searched in order. Immutable and thread-safe.</summary>
    private sealed class SmallDictionary(KeyValuePair<string, string>[] entries) : IReadOnlyDictionary<string, string>
    {
        public int Count => entries.Length;

        public IEnumerable<string> Keys
        {
            get
            {
                var keys = new string[entries.Length];
                for (var i = 0; i < keys.Length; i++)
                {
                    keys[i] = entries[i].Key;
                }

                return keys;
            }
        }

        public IEnumerable<string> Values
        {
            get
            {
                var values = new string[entries.Length];
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = entries[i].Value;
                }

                return values;
            }
        }

        public string this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"The markup property '{key}' is not present.");

        public bool ContainsKey(string key) => TryGetValue(key, out _);

        public bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out string value)
        {
            ArgumentNullException.ThrowIfNull(key);
            foreach (var entry in entries)
            {
                if (string.Equals(entry.Key, key, StringComparison.Ordinal))
                {
                    value = entry.Value;
                    return true;
                }
            }

            value = null;
            return false;
        }

        public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, string>>)entries).GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    private enum ReplacementKind : byte
    {
        Select,
        Plural,
        Ordinal,
    }

    /// <summary>A <c>[select]</c>, <c>[plural]</c> or <c>[ordinal]</c> marker: chooses a text by value, <c>%</c> becomes the value.</summary>
    private sealed class Replacement(ReplacementKind kind, PropertyValue value, FrozenDictionary<string, string> cases)
    {
        public void Write(ref CharWriter writer, ReadOnlySpan<StoryValue> substitutions, IPluralRules rules)
        {
            string? key;
            StoryValue raw = default;
            var hasRaw = value.Literal is null && (uint)value.Placeholder < (uint)substitutions.Length;
            if (hasRaw)
            {
                raw = substitutions[value.Placeholder];
            }

            if (kind == ReplacementKind.Select)
            {
                key = hasRaw ? raw.ToString() : value.Literal ?? string.Empty;
            }
            else
            {
                var number = hasRaw && raw.Kind == ValueKind.Number ? raw.RawNumber : ParseNumber(hasRaw ? raw.ToString() : value.Literal);
                var category = kind == ReplacementKind.Plural ? rules.GetCardinalCategory(number) : rules.GetOrdinalCategory(number);
                key = PluralRules.Keyword(category);
            }

            if (!cases.TryGetValue(key, out var chosen) && !cases.TryGetValue("other", out chosen))
            {
                return;
            }

            // '%' stands for the value itself.
            var start = 0;
            for (var i = 0; i < chosen.Length; i++)
            {
                if (chosen[i] == '%')
                {
                    writer.Append(chosen.AsSpan(start, i - start));
                    value.Write(ref writer, substitutions);
                    start = i + 1;
                }
            }

            writer.Append(chosen.AsSpan(start));
        }

        private static double ParseNumber(string? text) =>
            double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : double.NaN;
    }

    /// <summary>Single pass over the raw text producing segments.</summary>
    private sealed class Parser
    {
        private readonly StringBuilder _literal = new();
        private readonly List<(string Name, int Attribute)> _open = [];
        private readonly List<KeyValuePair<string, PropertyValue>> _properties = [];
        private string raw = string.Empty;
        private int substitutionCount;
        private int _characterEnd = -1;
        private int _characterAttribute = -1;

        // Kept across lines: consecutive lines usually have the same speaker.
        private string? _lastName;
        private string? _lastPrefix;
        private TemplateAttribute? _lastCharacter;

        public void Reset(string text, int substitutions)
        {
            raw = text;
            substitutionCount = substitutions;
            _literal.Clear();
            _open.Clear();
            _properties.Clear();
            _characterEnd = -1;
            _characterAttribute = -1;
            Segments.Clear();
            Attributes.Clear();
            Replacements.Clear();
            Errors = null;
            CharacterName = null;
        }

        public List<Segment> Segments { get; } = [];

        public List<TemplateAttribute> Attributes { get; } = [];

        public List<Replacement> Replacements { get; } = [];

        public List<TemplateError>? Errors { get; private set; }

        public string? CharacterName { get; private set; }

        /// <summary>Parses the text; without <paramref name="markup"/>, brackets and character prefixes are plain text.</summary>
        public void Run(bool markup)
        {
            if (markup)
            {
                DetectCharacter();
            }

            var noMarkup = !markup;
            var i = 0;
            while (i < raw.Length)
            {
                if (i == _characterEnd)
                {
                    EndCharacter();
                }

                var c = raw[i];
                if (c == '\\')
                {
                    _literal.Append(i + 1 < raw.Length ? raw[i + 1] : '\\');
                    i += 2;
                }
                else if (c == '{')
                {
                    i = ParsePlaceholder(i);
                }
                else if (c == '[' && noMarkup)
                {
                    if (markup && string.CompareOrdinal(raw, i, "[/nomarkup]", 0, 11) == 0)
                    {
                        noMarkup = false;
                        i += 11;
                    }
                    else
                    {
                        _literal.Append(c);
                        i++;
                    }
                }
                else if (c == '[')
                {
                    i = ParseTag(i, ref noMarkup);
                }
                else
                {
                    _literal.Append(c);
                    i++;
                }
            }

            if (_characterEnd >= raw.Length)
            {
                EndCharacter();
            }

            FlushLiteral();
            foreach (var (name, attribute) in _open)
            {
                Error(raw.Length, 0, $"The markup tag [{name}] is never closed.");
                Segments.Add(new Segment(SegmentKind.AttributeEnd, null, attribute));
            }
        }

        // "Name: text": the first unescaped ':' before any markup or placeholder ends a character prefix.
        private void DetectCharacter()
        {
            // The name is raw[..i] unless an escape appears; only then is it built char by char.
            StringBuilder? name = null;
            for (var i = 0; i < raw.Length; i++)
            {
                var c = raw[i];
                if (c == '\\')
                {
                    name ??= new StringBuilder().Append(raw, 0, i);

                    // An escaped character (notably "\:") never ends the prefix.
                    if (i + 1 < raw.Length)
                    {
                        name.Append(raw[i + 1]);
                    }

                    i++;
                    continue;
                }

                if (c is '[' or '{')
                {
                    return;
                }

                if (c == ':')
                {
                    var nameSpan = name is null ? raw.AsSpan(0, i).Trim() : name.ToString().AsSpan().Trim();
                    if (nameSpan.Length == 0)
                    {
                        return;
                    }

                    var trimmed = _lastName is not null && nameSpan.SequenceEqual(_lastName) ? _lastName : nameSpan.ToString();

                    var end = i + 1;
                    while (end < raw.Length && char.IsWhiteSpace(raw[end]))
                    {
                        end++;
                    }

                    CharacterName = trimmed;
                    _characterEnd = end;
                    if (_lastCharacter is null || !ReferenceEquals(trimmed, _lastName))
                    {
                        _lastCharacter = new TemplateAttribute("character", [new KeyValuePair<string, PropertyValue>("name", new PropertyValue(trimmed, -1))]);
                        _lastName = trimmed;
                    }

                    Attributes.Add(_lastCharacter);
                    _characterAttribute = Attributes.Count - 1;
                    Segments.Add(new Segment(SegmentKind.AttributeStart, null, _characterAttribute));
                    return;
                }

                name?.Append(c);
            }
        }

        private void EndCharacter()
        {
            if (_characterAttribute >= 0)
            {
                // The "Name: " prefix literal repeats from line to line: reuse the previous one when equal.
                if (_lastPrefix is not null && _literal.Equals(_lastPrefix.AsSpan()))
                {
                    Segments.Add(new Segment(SegmentKind.Literal, _lastPrefix, 0));
                    _literal.Clear();
                }
                else if (_literal.Length > 0)
                {
                    _lastPrefix = _literal.ToString();
                    Segments.Add(new Segment(SegmentKind.Literal, _lastPrefix, 0));
                    _literal.Clear();
                }

                Segments.Add(new Segment(SegmentKind.AttributeEnd, null, _characterAttribute));
                _characterAttribute = -1;
            }
        }

        private int AddAttribute(string name, KeyValuePair<string, PropertyValue>[] properties)
        {
            Attributes.Add(new TemplateAttribute(name, properties));
            return Attributes.Count - 1;
        }

        private void FlushLiteral()
        {
            if (_literal.Length > 0)
            {
                Segments.Add(new Segment(SegmentKind.Literal, _literal.ToString(), 0));
                _literal.Clear();
            }
        }

        private void Error(int offset, int length, string message) => (Errors ??= []).Add(new TemplateError(offset, length, message));

        private int ParsePlaceholder(int start)
        {
            var i = start + 1;
            var index = 0;
            var digits = 0;
            while (i < raw.Length && char.IsAsciiDigit(raw[i]) && digits < 9)
            {
                index = (index * 10) + (raw[i] - '0');
                i++;
                digits++;
            }

            if (digits == 0 || i >= raw.Length || raw[i] != '}' || index >= substitutionCount)
            {
                Error(start, 1, "Expected a substitution placeholder {N} with N below the line's substitution count.");
                _literal.Append('{');
                return start + 1;
            }

            FlushLiteral();
            Segments.Add(new Segment(SegmentKind.Placeholder, null, index));
            return i + 1;
        }

        private int FindTagEnd(int start)
        {
            var inQuotes = false;
            for (var i = start + 1; i < raw.Length; i++)
            {
                var c = raw[i];
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inQuotes = !inQuotes;
                }
                else if (c == ']' && !inQuotes)
                {
                    return i;
                }
            }

            return -1;
        }

        private int ParseTag(int start, ref bool noMarkup)
        {
            var close = FindTagEnd(start);
            if (close < 0)
            {
                Error(start, raw.Length - start, "A markup tag starts with '[' but never ends with ']' (write \\[ for a literal bracket).");
                _literal.Append('[');
                return start + 1;
            }

            var i = start + 1;
            SkipSpace(ref i, close);
            if (i < close && raw[i] == '/')
            {
                i++;
                SkipSpace(ref i, close);
                var closingName = ReadName(ref i, close);
                CloseTag(closingName, start, close);
                return close + 1;
            }

            var name = ReadName(ref i, close);
            if (name.Length == 0)
            {
                Error(start, close - start + 1, "A markup tag needs a name.");
                return close + 1;
            }

            var properties = _properties;
            properties.Clear();
            SkipSpace(ref i, close);
            if (i < close && raw[i] == '=')
            {
                i++;
                SkipSpace(ref i, close);
                properties.Add(new(name, ReadValue(ref i, close)));
            }

            var selfClosing = false;
            while (true)
            {
                SkipSpace(ref i, close);
                if (i >= close)
                {
                    break;
                }

                if (raw[i] == '/')
                {
                    selfClosing = true;
                    i++;
                    continue;
                }

                var key = ReadName(ref i, close);
                SkipSpace(ref i, close);
                if (key.Length == 0 || i >= close || raw[i] != '=')
                {
                    Error(start, close - start + 1, $"Malformed property in markup tag [{name}]: expected name=value.");
                    break;
                }

                i++;
                SkipSpace(ref i, close);
                properties.Add(new(key, ReadValue(ref i, close)));
            }

            if (name is "select" or "plural" or "ordinal")
            {
                AddReplacement(name, properties, start, close);
                return close + 1;
            }

            if (name == "nomarkup" && !selfClosing)
            {
                noMarkup = true;
                return close + 1;
            }

            FlushLiteral();
            var attribute = AddAttribute(name, properties.Count == 0 ? [] : [.. properties]);
            Segments.Add(new Segment(SegmentKind.AttributeStart, null, attribute));
            if (!selfClosing)
            {
                _open.Add((name, attribute));
                return close + 1;
            }

            Segments.Add(new Segment(SegmentKind.AttributeEnd, null, attribute));

            // "A [pause/] B" reads "A B" and "A[pause/] B" reads "AB": a self-closing tag eats one following whitespace character.
            var next = close + 1;
            var trim = true;
            foreach (var p in properties)
            {
                trim &= !(p.Key == "trimwhitespace" && p.Value.Literal == "false");
            }

            if (trim && next < raw.Length && char.IsWhiteSpace(raw[next]))
            {
                next++;
            }

            return next;
        }

        private void CloseTag(string name, int start, int close)
        {
            if (name.Length == 0)
            {
                // [/] closes every open tag.
                FlushLiteral();
                for (var k = _open.Count - 1; k >= 0; k--)
                {
                    Segments.Add(new Segment(SegmentKind.AttributeEnd, null, _open[k].Attribute));
                }

                _open.Clear();
                return;
            }

            for (var k = _open.Count - 1; k >= 0; k--)
            {
                if (_open[k].Name == name)
                {
                    FlushLiteral();
                    Segments.Add(new Segment(SegmentKind.AttributeEnd, null, _open[k].Attribute));
                    _open.RemoveAt(k);
                    return;
                }
            }

            Error(start, close - start + 1, $"The closing tag [/{name}] has no matching opening tag.");
        }

        private void AddReplacement(string name, List<KeyValuePair<string, PropertyValue>> properties, int start, int close)
        {
            var valueIndex = properties.FindIndex(p => p.Key == "value");
            if (valueIndex < 0)
            {
                Error(start, close - start + 1, $"The [{name}] marker needs a value property.");
                return;
            }

            var cases = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, value) in properties)
            {
                if (key != "value" && value.Literal is not null)
                {
                    cases[key] = value.Literal;
                }
            }

            var kind = name switch
            {
                "select" => ReplacementKind.Select,
                "plural" => ReplacementKind.Plural,
                _ => ReplacementKind.Ordinal,
            };
            FlushLiteral();
            Replacements.Add(new Replacement(kind, properties[valueIndex].Value, cases.ToFrozenDictionary(StringComparer.Ordinal)));
            Segments.Add(new Segment(SegmentKind.Replacement, null, Replacements.Count - 1));
        }

        private void SkipSpace(ref int i, int end)
        {
            while (i < end && char.IsWhiteSpace(raw[i]))
            {
                i++;
            }
        }

        private string ReadName(ref int i, int end)
        {
            var start = i;
            while (i < end && (char.IsLetterOrDigit(raw[i]) || raw[i] is '_' or '-' or '.'))
            {
                i++;
            }

            return raw[start..i];
        }

        private PropertyValue ReadValue(ref int i, int end)
        {
            if (i < end && raw[i] == '"')
            {
                var text = new StringBuilder();
                i++;
                while (i < end && raw[i] != '"')
                {
                    if (raw[i] == '\\' && i + 1 < end)
                    {
                        i++;
                    }

                    text.Append(raw[i]);
                    i++;
                }

                i++;
                return new PropertyValue(text.ToString(), -1);
            }

            if (i < end && raw[i] == '{')
            {
                var digitsStart = i + 1;
                var j = digitsStart;
                while (j < end && char.IsAsciiDigit(raw[j]))
                {
                    j++;
                }

                if (j > digitsStart && j < end && raw[j] == '}' && int.TryParse(raw.AsSpan(digitsStart, j - digitsStart), out var index) && index < substitutionCount)
                {
                    i = j + 1;
                    return new PropertyValue(null, index);
                }
            }

            var word = new StringBuilder();
            while (i < end && !char.IsWhiteSpace(raw[i]) && !(raw[i] == '/' && (i + 1 == end)))
            {
                if (raw[i] == '\\' && i + 1 < end)
                {
                    i++;
                }

                word.Append(raw[i]);
                i++;
            }

            return new PropertyValue(word.ToString(), -1);
        }
    }
}

/// <summary>A problem in a line's text or markup, at <see cref="Offset"/> (0-based, in the raw text) for <see cref="Length"/> chars.</summary>
internal readonly record struct TemplateError(int Offset, int Length, string Message);
