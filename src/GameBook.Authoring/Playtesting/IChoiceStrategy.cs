using GameBook.Runtime;

namespace GameBook.Authoring.Playtesting;

/// <summary>
/// Chooses an option for a playtest. One instance serves every playthrough on every thread at once, so it must be
/// thread-safe; keep it stateless and use the per-playthrough <see cref="ChoiceContext"/> (its random generator and
/// the choices made so far) so that each playthrough depends only on its seed and stays reproducible.
/// </summary>
public interface IChoiceStrategy
{
    /// <summary>A short name for reports (e.g. <c>random</c>).</summary>
    string Name { get; }

    /// <summary>
    /// Returns the index (in <paramref name="options"/>) of an available option. Only called when at least one option
    /// is available. An exception, or an index that is out of range or unavailable, stops the playthrough and is
    /// reported as <see cref="PlaytestProblemKind.StrategyFailed"/> with its seed.
    /// </summary>
    /// <param name="context">The playthrough's state: random generator, choices made, the session (read only).</param>
    /// <param name="options">The option set awaiting a choice.</param>
    int Choose(ChoiceContext context, OptionSet options);
}
