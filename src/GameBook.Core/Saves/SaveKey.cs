using System.Security.Cryptography;

namespace GameBook.Runtime;

/// <summary>
/// A secret that signs saves (HMAC-SHA256), so a server can refuse saves a player edited: pass it to
/// <see cref="SessionSnapshot.ToJson(SaveKey)"/> and <see cref="SessionSnapshot.FromJson(string, SaveKey)"/>.
/// Without a key, saves carry a plain SHA-256 checksum, which catches corruption and careless edits but not a
/// determined player. Keep the key out of the game client. Immutable and thread-safe.
/// </summary>
public sealed class SaveKey
{
    /// <summary>The shortest key accepted, in bytes (128 bits).</summary>
    public const int MinimumLength = 16;

    private readonly byte[] _key;

    /// <summary>Creates a key from secret bytes (copied).</summary>
    /// <exception cref="ArgumentException">The key is shorter than <see cref="MinimumLength"/> bytes.</exception>
    public SaveKey(ReadOnlySpan<byte> key)
    {
        if (key.Length < MinimumLength)
        {
            throw new ArgumentException($"A save key needs at least {MinimumLength} bytes (it has {key.Length}); generate one with RandomNumberGenerator.GetBytes(32).", nameof(key));
        }

        _key = key.ToArray();
    }

    /// <summary>Creates a key from its Base64 text (for configuration).</summary>
    /// <exception cref="FormatException">The text is not Base64.</exception>
    /// <exception cref="ArgumentException">The key is shorter than <see cref="MinimumLength"/> bytes.</exception>
    public static SaveKey FromBase64(string base64)
    {
        ArgumentNullException.ThrowIfNull(base64);
        return new SaveKey(Convert.FromBase64String(base64));
    }

    internal byte[] Sign(ReadOnlySpan<byte> content) => HMACSHA256.HashData(_key, content);
}
