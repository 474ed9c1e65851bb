using System.Buffers;

namespace GameBook.Authoring.Exploration;

/// <summary>A growable byte buffer for state encodings that can drop what was written last. Not thread-safe.</summary>
internal sealed class StateBuffer : IBufferWriter<byte>
{
    private byte[] _bytes = new byte[4096];

    public int WrittenCount { get; private set; }

    public ReadOnlySpan<byte> WrittenSpan => _bytes.AsSpan(0, WrittenCount);

    public void ResetWrittenCount() => WrittenCount = 0;

    /// <summary>Forgets everything written after <paramref name="count"/> bytes.</summary>
    public void Rewind(int count) => WrittenCount = count;

    public void Advance(int count) => WrittenCount += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _bytes.AsMemory(WrittenCount);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _bytes.AsSpan(WrittenCount);
    }

    private void Ensure(int sizeHint)
    {
        var needed = WrittenCount + Math.Max(sizeHint, 16);
        if (needed > _bytes.Length)
        {
            Array.Resize(ref _bytes, Math.Max(needed, _bytes.Length * 2));
        }
    }
}
