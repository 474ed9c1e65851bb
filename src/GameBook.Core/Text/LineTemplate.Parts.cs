using System.Collections.Frozen;
using GameBook.Values;

namespace GameBook.Text;

// The pieces a parsed template is made of: segments, markup attributes and their properties, replacements.
internal sealed partial class LineTemplate
{
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
}
