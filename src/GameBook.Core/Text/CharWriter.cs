using System.Globalization;
using GameBook.Values;

namespace GameBook.Text;

/// <summary>
/// Appends text into a per-thread reusable buffer, so composing a line allocates only the final string.
/// Not re-entrant on one thread: dispose before starting another writer.
/// </summary>
internal ref struct CharWriter
{
    [ThreadStatic]
    private static char[]? t_buffer;

    private char[] _buffer;

    public CharWriter(int capacity)
    {
        _buffer = t_buffer ?? new char[Math.Max(capacity, 256)];
        t_buffer = null;
        Length = 0;
    }

    public int Length { get; private set; }

    public void Append(ReadOnlySpan<char> text)
    {
        if (Length + text.Length > _buffer.Length)
        {
            Grow(text.Length);
        }

        text.CopyTo(_buffer.AsSpan(Length));
        Length += text.Length;
    }

    public void Append(char c)
    {
        if (Length == _buffer.Length)
        {
            Grow(1);
        }

        _buffer[Length++] = c;
    }

    /// <summary>Writes a value the way stories display it, without an intermediate string for numbers.</summary>
    public void Append(StoryValue value)
    {
        switch (value.Kind)
        {
            case ValueKind.Number:
                int written;
                var number = value.RawNumber;

                // Whole numbers are most common and format much faster as integers (same text as "R" gives).
                if (number == Math.Truncate(number) && Math.Abs(number) < 1e15 && !(number == 0 && double.IsNegative(number)))
                {
                    while (!((long)number).TryFormat(_buffer.AsSpan(Length), out written, default, CultureInfo.InvariantCulture))
                    {
                        Grow(32);
                    }

                    Length += written;
                    break;
                }

                while (!number.TryFormat(_buffer.AsSpan(Length), out written, default, CultureInfo.InvariantCulture))
                {
                    Grow(32);
                }

                Length += written;
                break;
            case ValueKind.String:
                Append(value.RawString);
                break;
            case ValueKind.Bool:
                Append(value.RawBool ? "True" : "False");
                break;
        }
    }

    public readonly ReadOnlySpan<char> AsSpan() => _buffer.AsSpan(0, Length);

    public override readonly string ToString() => new(_buffer, 0, Length);

    /// <summary>Returns the buffer to the thread for the next writer.</summary>
    public void Dispose()
    {
        if (_buffer.Length <= 16 * 1024)
        {
            t_buffer = _buffer;
        }

        _buffer = [];
    }

    private void Grow(int needed)
    {
        var bigger = new char[Math.Max(_buffer.Length * 2, Length + needed)];
        _buffer.AsSpan(0, Length).CopyTo(bigger);
        _buffer = bigger;
    }
}
