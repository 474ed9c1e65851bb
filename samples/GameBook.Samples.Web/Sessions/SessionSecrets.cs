using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace GameBook.Samples.Web.Sessions;

/// <summary>
/// Session ids (144 random bits) and tokens (256 random bits) from the operating system's cryptographic generator,
/// written base64url (URL-safe, no padding); the token comparison takes the same time wherever the strings
/// differ. Thread-safe.
/// </summary>
internal static class SessionSecrets
{
    /// <summary>Random bytes in an id: 144 bits, 24 characters.</summary>
    public const int IdBytes = 18;

    /// <summary>Random bytes in a token: 256 bits, 43 characters.</summary>
    public const int TokenBytes = 32;

    /// <summary>Characters in an id.</summary>
    public const int IdLength = 24;

    /// <summary>The request header that carries a session's token.</summary>
    public const string TokenHeader = "X-Session-Token";

    public static string NewId() => NewSecret(IdBytes);

    public static string NewToken() => NewSecret(TokenBytes);

    /// <summary>True when <paramref name="id"/> could be an id this server made (length and alphabet); cheap, before any lookup.</summary>
    public static bool IsWellFormedId(string id)
    {
        if (id.Length != IdLength)
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-' && c != '_')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Compares a presented token with the session's in constant time (for equal lengths).</summary>
    public static bool TokenMatches(byte[] expectedUtf8, string presented)
    {
        if (presented.Length > 256)
        {
            return false;
        }

        Span<byte> buffer = stackalloc byte[Encoding.UTF8.GetMaxByteCount(presented.Length)];
        var written = Encoding.UTF8.GetBytes(presented, buffer);
        return CryptographicOperations.FixedTimeEquals(expectedUtf8, buffer[..written]);
    }

    private static string NewSecret(int bytes)
    {
        Span<byte> random = stackalloc byte[bytes];
        RandomNumberGenerator.Fill(random);
        return Base64Url.EncodeToString(random);
    }
}
