namespace GameBook.Runtime;

/// <summary>
/// Supplies the random outcomes a session draws: <c>dice</c>, <c>roll</c> (one draw per die),
/// <c>random_range</c>, <c>random</c> and random saliency choices. By default a session draws from its own seeded
/// generator, which is saved with it; set <see cref="StorySession.RandomSource"/> to script or enumerate outcomes
/// instead (GameBook.Authoring's explorer branches on every draw this way).
/// Implementations are called from the session's thread only, so per-session sources need no locking;
/// a source shared by several sessions must be thread-safe.
/// </summary>
public interface IRandomSource
{
    /// <summary>An integer in [0, <paramref name="count"/>). Only called when there is a choice (<paramref name="count"/> &gt;= 2).</summary>
    /// <param name="count">How many outcomes there are, from 2 to 2^31.</param>
    long NextInteger(long count);

    /// <summary>A number in [0, 1), for <c>random()</c> and fractional <c>random_range</c>.</summary>
    double NextDouble();
}

/// <summary>
/// A <see cref="IRandomSource"/> that draws the total of several dice at once: when a session's
/// <see cref="StorySession.RandomSource"/> implements it, <c>roll("NdM")</c> with N &gt;= 2 asks it for the total instead of
/// drawing each die. State-space explorers use it to branch on the N * (M - 1) + 1 totals rather than the M^N
/// combinations of dice; the probabilities of the totals are then the source's business. Called from the session's
/// thread only, like <see cref="IRandomSource"/>.
/// </summary>
public interface IDiceTotalSource : IRandomSource
{
    /// <summary>The total of <paramref name="count"/> dice of <paramref name="sides"/> sides: from <paramref name="count"/> to <paramref name="count"/> * <paramref name="sides"/>.</summary>
    /// <param name="count">How many dice, 2 or more.</param>
    /// <param name="sides">Sides per die, 2 or more.</param>
    long NextDiceTotal(int count, int sides);
}
