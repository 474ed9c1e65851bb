using System.Security.Cryptography;
using System.Text;

namespace GameBook.Authoring.Localization;

/// <summary>
/// The base-text hash of the string table's <c>hash</c> column: the first 8 hex digits (lower case) of the SHA-256
/// of the line's text as written (UTF-8; speaker prefix, markup and <c>{0}</c> holes included). A translation whose
/// recorded hash differs from the current one was made from an older text. Thread-safe.
/// </summary>
public static class LineHash
{
    /// <summary>Computes the hash of a base text.</summary>
    /// <param name="text">The line's text as written (<see cref="Runtime.StoryLineInfo.Text"/>).</param>
    /// <returns>Eight lower-case hex digits.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public static string Compute(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Span<byte> hash = stackalloc byte[32];
        var length = Encoding.UTF8.GetMaxByteCount(text.Length);
        byte[]? rented = null;
        Span<byte> utf8 = length <= 1024 ? stackalloc byte[1024] : (rented = System.Buffers.ArrayPool<byte>.Shared.Rent(length));
        try
        {
            SHA256.HashData(utf8[..Encoding.UTF8.GetBytes(text, utf8)], hash);
        }
        finally
        {
            if (rented is not null)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(rented);
            }
        }

        return Convert.ToHexStringLower(hash[..4]);
    }
}
