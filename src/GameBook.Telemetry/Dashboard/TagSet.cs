using System.Globalization;

namespace GameBook.Telemetry.Dashboard;

/// <summary>An immutable copy of a measurement's tags, compared in order. Thread-safe.</summary>
internal sealed class TagSet
{
    public static readonly TagSet Empty = new([], 0);

    private TagSet(KeyValuePair<string, object?>[] tags, int hash)
    {
        Tags = tags;
        Hash = hash;
    }

    public KeyValuePair<string, object?>[] Tags { get; }

    public int Hash { get; }

    public static TagSet Create(ReadOnlySpan<KeyValuePair<string, object?>> tags) => new(tags.ToArray(), HashOf(tags));

    public static int HashOf(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var hash = new HashCode();
        foreach (var tag in tags)
        {
            hash.Add(tag.Key);
            hash.Add(tag.Value);
        }

        return hash.ToHashCode();
    }

    public bool Matches(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length != Tags.Length)
        {
            return false;
        }

        for (var i = 0; i < tags.Length; i++)
        {
            if (!string.Equals(tags[i].Key, Tags[i].Key, StringComparison.Ordinal) || !Equals(tags[i].Value, Tags[i].Value))
            {
                return false;
            }
        }

        return true;
    }

    public Dictionary<string, string?> ToDictionary()
    {
        var result = new Dictionary<string, string?>(Tags.Length, StringComparer.Ordinal);
        foreach (var tag in Tags)
        {
            result[tag.Key] = Convert.ToString(tag.Value, CultureInfo.InvariantCulture);
        }

        return result;
    }
}

/// <summary>Compares tag sets, and tag spans against tag sets without allocating. Thread-safe.</summary>
internal sealed class TagSetComparer : IEqualityComparer<TagSet>, IAlternateEqualityComparer<ReadOnlySpan<KeyValuePair<string, object?>>, TagSet>
{
    public static readonly TagSetComparer Instance = new();

    public bool Equals(TagSet? x, TagSet? y) => ReferenceEquals(x, y) || (x is not null && y is not null && x.Hash == y.Hash && x.Matches(y.Tags));

    public int GetHashCode(TagSet obj) => obj.Hash;

    public bool Equals(ReadOnlySpan<KeyValuePair<string, object?>> alternate, TagSet other) => other.Matches(alternate);

    public int GetHashCode(ReadOnlySpan<KeyValuePair<string, object?>> alternate) => TagSet.HashOf(alternate);

    public TagSet Create(ReadOnlySpan<KeyValuePair<string, object?>> alternate) => TagSet.Create(alternate);
}
