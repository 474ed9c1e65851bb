using System.Collections.Immutable;
using GameBook.Values;

namespace GameBook.Text;

// The raw text a template is parsed from: the line's source text (character prefix included; hashtags, trailing
// condition and comment removed; surrounding whitespace trimmed), with every inline expression `{expr}` replaced
// by `{N}` (N = the 0-based substitution index, in source order) and every backslash escape kept as written
// (`\{`, `\#`, `\[`, `\\`, `\:`, `\/`, `\<`, ...). An unescaped `{` therefore always starts a placeholder.
// The compiler parses each distinct raw text once; sessions only compose.

/// <summary>
/// A parsed line text: literal runs, substitution placeholders and markup. Shared by all sessions: immutable but
/// for a small memo of composed texts (see <see cref="Compose"/>), which is safe to use from any thread. Templates without placeholders or replacement markers
/// are composed once at parse time, so delivering such a line allocates nothing.
/// </summary>
internal sealed partial class LineTemplate
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

        // A text with one substitution and fixed attributes is the same string whenever the value (and the plural
        // rules) are: an option like "Walk on with {$gold} gold" on every node of a story shares one template.
        var memoize = Memoized && substitutions.Length == 1;
        var key = 0;
        if (memoize)
        {
            key = MemoKey(substitutions[0]);
            if (_memos is { } memos && memos[key & (MemoSlots - 1)] is { } memo && memo.Matches(substitutions[0], rules))
            {
                attributes = _fixedAttributes!;
                return memo.Text;
            }
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
        if (memoize)
        {
            Remember(key, substitutions[0], rules, text);
        }

        return text;
    }

    private const int MemoSlots = 32;

    /// <summary>True when this template can remember its texts: it has one substitution and fixed attributes.</summary>
    public bool CanMemoize => SubstitutionCount == 1 && _constantText is null && _fixedAttributes is not null;

    /// <summary>
    /// Remember composed texts by value. <see cref="Runtime.Story"/> sets it, before any session exists, on templates
    /// that many lines share (an option like "Walk on with {$gold} gold" on every node): their values come back
    /// often. A line with its own wording is composed with the same value too rarely: reading a memo costs about
    /// what allocating its short string does, and memos kept alive into older generations make collections dearer.
    /// </summary>
    public bool Memoized { get; internal set; }

    // Composed texts by value, direct-mapped: created on first use, shared by every session (the template is).
    // A value is remembered the second time its slot sees it (the slot keeps the key of the last value it turned
    // away), so a value composed once costs no memo. Thread-safe: a slot is one reference (or int), read and
    // written whole, a memo is immutable and checked against the value before it is used; racing writers only
    // lose a memo.
    private Memo?[]? _memos;
    private int[]? _turnedAway;

    private void Remember(int key, StoryValue value, IPluralRules rules, string text)
    {
        var slot = key & (MemoSlots - 1);
        var turnedAway = _turnedAway ??= new int[MemoSlots];
        if (turnedAway[slot] != key)
        {
            turnedAway[slot] = key;
            return;
        }

        (_memos ??= new Memo?[MemoSlots])[slot] = new Memo(value, rules, text);
    }

    // Never 0, so a fresh turned-away slot does not admit the first value it sees.
    private static int MemoKey(StoryValue value)
    {
        int hash;
        switch (value.Kind)
        {
            case ValueKind.Number:
                var bits = BitConverter.DoubleToInt64Bits(value.RawNumber);
                hash = (int)bits ^ (int)(bits >> 32);
                hash ^= hash >> 16;
                break;
            case ValueKind.String:
                hash = value.RawString is { } s ? StringComparer.Ordinal.GetHashCode(s) : 1;
                break;
            default:
                hash = value.RawBool ? 3 : 5;
                break;
        }

        return hash == 0 ? 1 : hash;
    }

    /// <summary>One remembered composition: the value and rules it was made with, and the text.</summary>
    private sealed class Memo(StoryValue value, IPluralRules rules, string text)
    {
        public string Text { get; } = text;

        // Numbers compare by their bits: 0 and -0 print differently, and NaN is the same NaN.
        public bool Matches(StoryValue other, IPluralRules otherRules) =>
            ReferenceEquals(rules, otherRules) && other.Kind == value.Kind && other.Kind switch
            {
                ValueKind.Number => BitConverter.DoubleToInt64Bits(other.RawNumber) == BitConverter.DoubleToInt64Bits(value.RawNumber),
                ValueKind.String => string.Equals(other.RawString, value.RawString, StringComparison.Ordinal),
                _ => other.RawBool == value.RawBool,
            };
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
}

/// <summary>A problem in a line's text or markup, at <see cref="Offset"/> (0-based, in the raw text) for <see cref="Length"/> chars.</summary>
internal readonly record struct TemplateError(int Offset, int Length, string Message);
