namespace GameBook.Runtime;

/// <summary>
/// xoshiro256** (Blackman and Vigna): a small, fast generator whose whole state is four numbers,
/// so a session's randomness is saved and replayed exactly. A mutable struct: keep it in a field.
/// </summary>
internal struct SessionRandom
{
    private ulong _s0, _s1, _s2, _s3;

    public SessionRandom(ulong s0, ulong s1, ulong s2, ulong s3)
    {
        _s0 = s0;
        _s1 = s1;
        _s2 = s2;
        _s3 = s3;
        if ((s0 | s1 | s2 | s3) == 0)
        {
            // The all-zero state is a fixed point.
            _s0 = 0x9E3779B97F4A7C15UL;
        }
    }

    public readonly ulong S0 => _s0;

    public readonly ulong S1 => _s1;

    public readonly ulong S2 => _s2;

    public readonly ulong S3 => _s3;

    /// <summary>Expands a seed into a full state with SplitMix64, as the xoshiro authors recommend.</summary>
    public static SessionRandom FromSeed(ulong seed)
    {
        var x = seed;
        return new SessionRandom(SplitMix(ref x), SplitMix(ref x), SplitMix(ref x), SplitMix(ref x));
    }

    public ulong NextUInt64()
    {
        var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>
    /// Steps the generator back one draw: the state before the last <see cref="NextUInt64"/> (xoshiro256**'s state update
    /// is an invertible linear map). Restores use it to find the state an option set's conditions started drawing from.
    /// </summary>
    public void Previous()
    {
        var d1 = ulong.RotateRight(_s3, 45); // s3 ^ s1 before the rotation
        var a = _s0 ^ d1;
        var x = _s1 ^ _s2; // b ^ (b << 17)
        var b = x ^ (x << 17) ^ (x << 34) ^ (x << 51);
        var c = _s2 ^ a ^ (b << 17);
        _s0 = a;
        _s1 = b;
        _s2 = c;
        _s3 = d1 ^ b;
    }

    /// <summary>True when both generators are in the same state.</summary>
    public readonly bool SameStateAs(in SessionRandom other) =>
        _s0 == other._s0 && _s1 == other._s1 && _s2 == other._s2 && _s3 == other._s3;

    /// <summary>A double in [0, 1) from the top 53 bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>An unbiased integer in [0, bound) (Lemire's multiply-and-reject).</summary>
    public ulong NextBounded(ulong bound)
    {
        if (bound <= 1)
        {
            return 0;
        }

        var threshold = (0 - bound) % bound;
        while (true)
        {
            var r = NextUInt64();
            var high = Math.BigMul(r, bound, out var low);
            if (low >= threshold)
            {
                return high;
            }
        }
    }

    private static ulong SplitMix(ref ulong x)
    {
        var z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
