namespace GameBook.Authoring.Playtesting;

/// <summary>
/// The playtester's generators: SplitMix64 to derive well-spread seeds from (master seed, index), and a
/// xoshiro256** stream per playthrough for the choice strategy. A mutable struct owned by one playthrough.
/// </summary>
internal struct PlaytestRandom
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    /// <summary>A generator whose whole sequence follows from <paramref name="seed"/>.</summary>
    public PlaytestRandom(ulong seed)
    {
        // A different stream from the session's own generator, which is seeded with the same playthrough seed.
        var state = seed ^ 0x6A09E667F3BCC909UL;
        _s0 = SplitMix64(ref state);
        _s1 = SplitMix64(ref state);
        _s2 = SplitMix64(ref state);
        _s3 = SplitMix64(ref state);
    }

    /// <summary>The seed of playthrough <paramref name="index"/> of a run with <paramref name="masterSeed"/>.</summary>
    public static ulong DeriveSeed(ulong masterSeed, long index)
    {
        // Two rounds: the master seed is mixed once, so nearby master seeds give unrelated runs, then combined with the index.
        var state = masterSeed;
        var mixed = SplitMix64(ref state);
        state = mixed + ((ulong)index * 0xD1B54A32D192ED03UL);
        return SplitMix64(ref state);
    }

    /// <summary>A draw in [0, <paramref name="count"/>), unbiased (Lemire's multiply-and-reject).</summary>
    public int NextInt(int count)
    {
        if (count <= 1)
        {
            return 0;
        }

        var bound = (ulong)count;
        var product = (UInt128)NextUInt64() * bound;
        var low = (ulong)product;
        if (low < bound)
        {
            var threshold = (0UL - bound) % bound;
            while (low < threshold)
            {
                product = (UInt128)NextUInt64() * bound;
                low = (ulong)product;
            }
        }

        return (int)(product >> 64);
    }

    /// <summary>The next 64 random bits.</summary>
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

    private static ulong SplitMix64(ref ulong state)
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
