using System.Collections.Frozen;
using System.Text;

namespace GameBook.Text;

// The markup parser: turns raw line text into segments, attributes and replacements (format: see LineTemplate.cs).
internal sealed partial class LineTemplate
{
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
