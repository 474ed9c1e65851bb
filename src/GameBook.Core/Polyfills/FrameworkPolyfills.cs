#if NETSTANDARD2_1
using System.Buffers.Binary;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
#endif

namespace System;

// The base-library members the engine calls that netstandard2.1 (Unity) or net8.0 (Godot 4) lack, written as C# 14
// extension members with the same names and signatures, so call sites read the same on every target. The net10.0
// build compiles none of this and calls the framework's own (often vectorized) members.
#if !NET9_0_OR_GREATER
/// <summary>Hex formatting that .NET 9 added. Thread-safe: pure functions.</summary>
internal static class HexPolyfills
{
    extension(Convert)
    {
        /// <summary>Lower-case hexadecimal text of <paramref name="bytes"/>, as .NET 9's <c>Convert.ToHexStringLower</c>.</summary>
        public static string ToHexStringLower(ReadOnlySpan<byte> bytes)
        {
            const string digits = "0123456789abcdef";
            var chars = new char[bytes.Length * 2];
            for (var i = 0; i < bytes.Length; i++)
            {
                chars[2 * i] = digits[bytes[i] >> 4];
                chars[(2 * i) + 1] = digits[bytes[i] & 0xF];
            }

            return new string(chars);
        }

        /// <summary>Lower-case hexadecimal text of <paramref name="bytes"/>, as .NET 9's <c>Convert.ToHexStringLower</c>.</summary>
        public static string ToHexStringLower(byte[] bytes) => Convert.ToHexStringLower(bytes.AsSpan());
    }
}
#endif

#if NETSTANDARD2_1
/// <summary>Argument guards that .NET 6 to 8 added. Thread-safe: pure functions.</summary>
internal static class GuardPolyfills
{
    extension(ArgumentNullException)
    {
        /// <summary>Throws when <paramref name="argument"/> is null.</summary>
        public static void ThrowIfNull([NotNull] object? argument, [CallerArgumentExpression(nameof(argument))] string? paramName = null)
        {
            if (argument is null)
            {
                throw new ArgumentNullException(paramName);
            }
        }
    }

    extension(ArgumentException)
    {
        /// <summary>Throws when <paramref name="argument"/> is null or empty.</summary>
        public static void ThrowIfNullOrEmpty([NotNull] string? argument, [CallerArgumentExpression(nameof(argument))] string? paramName = null)
        {
            ArgumentNullException.ThrowIfNull(argument, paramName);
            if (argument.Length == 0)
            {
                throw new ArgumentException("The value cannot be an empty string.", paramName);
            }
        }

        /// <summary>Throws when <paramref name="argument"/> is null, empty or only white space.</summary>
        public static void ThrowIfNullOrWhiteSpace([NotNull] string? argument, [CallerArgumentExpression(nameof(argument))] string? paramName = null)
        {
            ArgumentNullException.ThrowIfNull(argument, paramName);
            if (string.IsNullOrWhiteSpace(argument))
            {
                throw new ArgumentException("The value cannot be an empty string or composed entirely of whitespace.", paramName);
            }
        }
    }

    extension(ArgumentOutOfRangeException)
    {
        /// <summary>Throws when <paramref name="value"/> is negative.</summary>
        public static void ThrowIfNegative(int value, [CallerArgumentExpression(nameof(value))] string? paramName = null)
        {
            if (value < 0)
            {
                throw new ArgumentOutOfRangeException(paramName, value, $"{paramName} ('{value}') must be a non-negative value.");
            }
        }

        /// <summary>Throws when <paramref name="value"/> is negative or zero.</summary>
        public static void ThrowIfNegativeOrZero(int value, [CallerArgumentExpression(nameof(value))] string? paramName = null)
        {
            if (value <= 0)
            {
                throw new ArgumentOutOfRangeException(paramName, value, $"{paramName} ('{value}') must be a non-negative and non-zero value.");
            }
        }
    }

    extension(ObjectDisposedException)
    {
        /// <summary>Throws when <paramref name="condition"/> is true, naming <paramref name="instance"/>'s type.</summary>
        public static void ThrowIf([DoesNotReturnIf(true)] bool condition, object instance)
        {
            if (condition)
            {
                throw new ObjectDisposedException(instance?.GetType().FullName);
            }
        }
    }
}

/// <summary>Numeric, text and time helpers that .NET 5 to 8 added. Thread-safe: pure functions, and <c>Random.Shared</c> is per thread.</summary>
internal static class RuntimePolyfills
{
    [ThreadStatic]
    private static Random? t_random;

    extension(char)
    {
        /// <summary>Whether <paramref name="c"/> is '0' to '9'.</summary>
        public static bool IsAsciiDigit(char c) => (uint)(c - '0') <= 9;
    }

    extension(ulong)
    {
        /// <summary>Rotates <paramref name="value"/> left by <paramref name="offset"/> bits.</summary>
        public static ulong RotateLeft(ulong value, int offset) => (value << offset) | (value >> (64 - offset));

        /// <summary>Rotates <paramref name="value"/> right by <paramref name="offset"/> bits.</summary>
        public static ulong RotateRight(ulong value, int offset) => (value >> offset) | (value << (64 - offset));
    }

    extension(Math)
    {
        /// <summary>The full 128-bit product of two 64-bit numbers: the high half returned, the low half in <paramref name="low"/>.</summary>
        public static ulong BigMul(ulong a, ulong b, out ulong low)
        {
            ulong aLow = (uint)a, aHigh = a >> 32, bLow = (uint)b, bHigh = b >> 32;
            var lowLow = aLow * bLow;
            var highLow = aHigh * bLow;
            var lowHigh = aLow * bHigh;
            var middle = (lowLow >> 32) + (uint)highLow + (uint)lowHigh;
            low = (middle << 32) | (uint)lowLow;
            return (aHigh * bHigh) + (highLow >> 32) + (lowHigh >> 32) + (middle >> 32);
        }
    }

    extension(Random)
    {
        /// <summary>A per-thread generator seeded by the runtime, standing in for .NET 6's thread-safe <c>Random.Shared</c>.</summary>
        public static Random Shared => t_random ??= new Random();
    }

    extension(Random random)
    {
        /// <summary>A non-negative random 64-bit integer.</summary>
        public long NextInt64()
        {
            Span<byte> bytes = stackalloc byte[8];
            random.NextBytes(bytes);
            return (long)(BinaryPrimitives.ReadUInt64LittleEndian(bytes) >> 1);
        }
    }

    extension(Stopwatch)
    {
        /// <summary>The time since <paramref name="startingTimestamp"/> (from <see cref="Stopwatch.GetTimestamp"/>).</summary>
        public static TimeSpan GetElapsedTime(long startingTimestamp) =>
            TimeSpan.FromTicks((long)((Stopwatch.GetTimestamp() - startingTimestamp) * ((double)TimeSpan.TicksPerSecond / Stopwatch.Frequency)));
    }

    extension(BinaryPrimitives)
    {
        /// <summary>Writes <paramref name="value"/>'s IEEE 754 bits little-endian.</summary>
        public static void WriteDoubleLittleEndian(Span<byte> destination, double value) =>
            BinaryPrimitives.WriteInt64LittleEndian(destination, BitConverter.DoubleToInt64Bits(value));
    }

    extension(Enum)
    {
        /// <summary>Whether <paramref name="value"/> is a named constant of <typeparamref name="TEnum"/>.</summary>
        public static bool IsDefined<TEnum>(TEnum value)
            where TEnum : struct, Enum => Enum.IsDefined(typeof(TEnum), value);
    }

    extension(Array)
    {
        /// <summary>Clears every element of <paramref name="array"/>.</summary>
        public static void Clear(Array array) => Array.Clear(array, 0, array.Length);
    }

    extension(string)
    {
        /// <summary>Concatenates two spans into one string.</summary>
        public static string Concat(ReadOnlySpan<char> first, ReadOnlySpan<char> second)
        {
            var chars = new char[first.Length + second.Length];
            first.CopyTo(chars);
            second.CopyTo(chars.AsSpan(first.Length));
            return new string(chars);
        }

        /// <summary>Formats <paramref name="text"/> with <paramref name="provider"/>, as .NET 6's <c>string.Create(IFormatProvider, ...)</c>.</summary>
        public static string Create(IFormatProvider? provider, FormattableString text) => text.ToString(provider);
    }

    extension(ReadOnlySpan<char> span)
    {
        /// <summary>How many times <paramref name="value"/> occurs in the span.</summary>
        public int Count(char value)
        {
            var count = 0;
            foreach (var c in span)
            {
                if (c == value)
                {
                    count++;
                }
            }

            return count;
        }
    }

    extension<T>(IEnumerable<T> source)
    {
        /// <summary>Sorts by the default comparer, as .NET 7's <c>Enumerable.Order</c>.</summary>
        public IOrderedEnumerable<T> Order() => source.OrderBy(static x => x);

        /// <summary>Sorts by <paramref name="comparer"/>, as .NET 7's <c>Enumerable.Order</c>.</summary>
        public IOrderedEnumerable<T> Order(IComparer<T>? comparer) => source.OrderBy(static x => x, comparer);
    }

    extension(Path)
    {
        /// <summary>Drops one trailing directory separator unless <paramref name="path"/> is a root.</summary>
        public static string TrimEndingDirectorySeparator(string path) =>
            path.Length > 1 && (path[^1] == Path.DirectorySeparatorChar || path[^1] == Path.AltDirectorySeparatorChar) && path.Length > (Path.GetPathRoot(path)?.Length ?? 0)
                ? path[..^1]
                : path;
    }

    extension(SHA256)
    {
        /// <summary>The SHA-256 hash of <paramref name="source"/>.</summary>
        public static byte[] HashData(byte[] source)
        {
            using var sha = SHA256.Create();
            return sha.ComputeHash(source);
        }
    }

    extension(HMACSHA256)
    {
        /// <summary>The HMAC-SHA-256 of <paramref name="source"/> under <paramref name="key"/>.</summary>
        public static byte[] HashData(byte[] key, ReadOnlySpan<byte> source)
        {
            using var hmac = new HMACSHA256(key);
            return hmac.ComputeHash(source.ToArray());
        }
    }
}
#endif
