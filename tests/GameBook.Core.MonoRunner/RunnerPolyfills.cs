#if NETSTANDARD2_1
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace System;

// The few base-library members the linked conformance files call that netstandard2.1 lacks (GameBook.Core's own
// polyfills are internal to it).
internal static class RunnerPolyfills
{
    extension(ArgumentNullException)
    {
        public static void ThrowIfNull([NotNull] object? argument, [CallerArgumentExpression(nameof(argument))] string? paramName = null)
        {
            if (argument is null)
            {
                throw new ArgumentNullException(paramName);
            }
        }
    }

    extension(char)
    {
        public static bool IsAsciiDigit(char c) => (uint)(c - '0') <= 9;

        public static bool IsAsciiLetter(char c) => (uint)((c | 0x20) - 'a') <= 'z' - 'a';

        public static bool IsAsciiLetterOrDigit(char c) => char.IsAsciiLetter(c) || char.IsAsciiDigit(c);
    }
}
#endif
