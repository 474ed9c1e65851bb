using GameBook.Runtime;

namespace GameBook.Authoring.Playtesting;

/// <summary>The built-in choice strategies. Thread-safe: they keep no state of their own.</summary>
public static class ChoiceStrategies
{
    /// <summary>Chooses uniformly among the available options.</summary>
    public static IChoiceStrategy Random { get; } = new RandomStrategy();

    /// <summary>
    /// Chooses uniformly among the available options chosen the fewest times so far in this playthrough, so hubs
    /// and loops get explored option by option before the way out is taken (ChoiceScript's <c>avoidUsedOptions</c>,
    /// kept per playthrough so each playthrough stays reproducible from its seed alone).
    /// </summary>
    public static IChoiceStrategy AvoidUsedOptions { get; } = new AvoidUsedOptionsStrategy();

    private sealed class RandomStrategy : IChoiceStrategy
    {
        public string Name => "random";

        public int Choose(ChoiceContext context, OptionSet options)
        {
            var pick = context.NextRandom(options.AvailableCount);
            for (var i = 0; i < options.Count; i++)
            {
                if (options[i].IsAvailable && pick-- == 0)
                {
                    return i;
                }
            }

            return -1;
        }
    }

    private sealed class AvoidUsedOptionsStrategy : IChoiceStrategy
    {
        public string Name => "avoid-used-options";

        public int Choose(ChoiceContext context, OptionSet options)
        {
            var fewest = int.MaxValue;
            var tied = 0;
            for (var i = 0; i < options.Count; i++)
            {
                if (!options[i].IsAvailable)
                {
                    continue;
                }

                var times = context.TimesChosen(i);
                if (times < fewest)
                {
                    fewest = times;
                    tied = 1;
                }
                else if (times == fewest)
                {
                    tied++;
                }
            }

            var pick = context.NextRandom(Math.Max(tied, 1));
            for (var i = 0; i < options.Count; i++)
            {
                if (options[i].IsAvailable && context.TimesChosen(i) == fewest && pick-- == 0)
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
