using System.Collections.Frozen;
using System.Collections.Immutable;

namespace GameBook.Localization;

/// <summary>
/// One translated line of a <see cref="StringTable"/>. An immutable value.
/// </summary>
/// <param name="Id">The line ID, with its <c>line:</c> prefix (as <see cref="Runtime.StoryLine.Id"/> gives it).</param>
/// <param name="Text">
/// The translated text without the speaker prefix, in the story's line syntax: markup (<c>[b]…[/b]</c>,
/// <c>[plural value={0} one="…" other="…"]</c>) and <c>{0}</c>, <c>{1}</c>… for the line's substitutions, in the
/// base line's order.
/// </param>
/// <param name="Character">
/// The speaker's name as it should be shown in this locale; empty for a line without a speaker; null when the table
/// does not say (then the base line's speaker is kept).
/// </param>
/// <param name="BaseHash">
/// The hash of the base text the translation was made from (the string-table export's <c>hash</c> column), or null.
/// Authoring tools compare it with the current base text to find stale translations.
/// </param>
public readonly record struct StringTableEntry(string Id, string Text, string? Character = null, string? BaseHash = null);

/// <summary>
/// The translated lines of one locale, by line ID. Build it with <see cref="Create"/> or read it from a CSV with
/// <see cref="StringTableCsv"/>, then turn it into a <see cref="StoryLocalization"/> for a story.
/// Immutable and thread-safe.
/// </summary>
public sealed class StringTable
{
    private readonly FrozenDictionary<string, int> _index;

    private StringTable(string locale, ImmutableArray<StringTableEntry> entries, FrozenDictionary<string, int> index)
    {
        Locale = locale;
        Entries = entries;
        _index = index;
    }

    /// <summary>The locale the table translates into, as written (for example <c>fr</c>, <c>pt-BR</c>).</summary>
    public string Locale { get; }

    /// <summary>The entries in the order they were given (for a CSV: file order).</summary>
    public ImmutableArray<StringTableEntry> Entries { get; }

    /// <summary>How many entries the table has.</summary>
    public int Count => Entries.Length;

    /// <summary>Builds a table from entries.</summary>
    /// <param name="locale">The locale, such as <c>fr</c> or <c>pt-BR</c>; not empty.</param>
    /// <param name="entries">The entries; every ID at most once.</param>
    /// <returns>The table.</returns>
    /// <exception cref="ArgumentNullException">An argument, an ID or a text is null.</exception>
    /// <exception cref="ArgumentException">The locale or an ID is empty, or an ID appears twice.</exception>
    public static StringTable Create(string locale, IEnumerable<StringTableEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(locale);
        ArgumentNullException.ThrowIfNull(entries);
        if (string.IsNullOrWhiteSpace(locale))
        {
            throw new ArgumentException("A string table needs a locale such as 'fr' or 'pt-BR'.", nameof(locale));
        }

        var list = ImmutableArray.CreateBuilder<StringTableEntry>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (entry.Id is null || entry.Text is null)
            {
                throw new ArgumentNullException(nameof(entries), "A string table entry needs an ID and a text.");
            }

            if (entry.Id.Length == 0)
            {
                throw new ArgumentException("A string table entry has an empty ID.", nameof(entries));
            }

            if (!index.TryAdd(entry.Id, list.Count))
            {
                throw new ArgumentException($"The line ID '{entry.Id}' appears twice in the string table for '{locale}': keep one entry per line.", nameof(entries));
            }

            list.Add(entry);
        }

        return new StringTable(locale.Trim(), list.ToImmutable(), index.ToFrozenDictionary(StringComparer.Ordinal));
    }

    /// <summary>Finds the entry for a line ID.</summary>
    /// <param name="id">The line ID with its <c>line:</c> prefix.</param>
    /// <param name="entry">The entry, when found.</param>
    /// <returns>True when the table has an entry for <paramref name="id"/>.</returns>
    public bool TryGetEntry(string id, out StringTableEntry entry)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (_index.TryGetValue(id, out var i))
        {
            entry = Entries[i];
            return true;
        }

        entry = default;
        return false;
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Locale} ({Count} lines)";
}
