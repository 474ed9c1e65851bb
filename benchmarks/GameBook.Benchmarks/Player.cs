using GameBook.Runtime;

namespace GameBook.Benchmarks;

/// <summary>
/// Plays a story the way a host displays it: reads the composed text of every line and option (when
/// <see cref="ComposeText"/>), picks a random available option, and plays again at the end: with
/// <see cref="StorySession.Restart"/> (a host's "play again"), or with a new session per playthrough when
/// <see cref="NewSessionPerPlaythrough"/> (a server starting each player's session).
/// </summary>
internal sealed class Player
{
    private readonly Story _story;
    private readonly Random _random;
    private readonly GameBook.Localization.StoryLocalization? _localization;
    private StorySession _session;

    public Player(Story story, int seed, bool composeText, GameBook.Localization.StoryLocalization? localization = null, bool newSessionPerPlaythrough = false)
    {
        NewSessionPerPlaythrough = newSessionPerPlaythrough;
        _story = story;
        _localization = localization;
        _random = new Random(seed);
        ComposeText = composeText;
        _session = NewSession();
    }

    public bool ComposeText { get; }

    public bool NewSessionPerPlaythrough { get; }

    /// <summary>Playthroughs finished so far.</summary>
    public long Playthroughs { get; private set; }

    /// <summary>Total characters of text read, so the JIT cannot drop the composition.</summary>
    public long Characters { get; private set; }

    public StorySession Session => _session;

    /// <summary>Runs until <paramref name="selections"/> options have been chosen.</summary>
    public void Play(int selections)
    {
        var made = 0;
        while (made < selections)
        {
            var step = _session.Next();
            switch (step.Kind)
            {
                case StepKind.Line:
                    if (ComposeText)
                    {
                        Characters += step.Line.Text.Length;
                    }

                    break;
                case StepKind.Options:
                    var options = step.Options;
                    var available = 0;
                    for (var i = 0; i < options.Count; i++)
                    {
                        var option = options[i];
                        if (ComposeText)
                        {
                            Characters += option.Text.Length;
                        }

                        if (option.IsAvailable)
                        {
                            available++;
                        }
                    }

                    if (available == 0)
                    {
                        _session.Choose(StorySession.NoOption);
                        break;
                    }

                    var pick = _random.Next(available);
                    for (var i = 0; i < options.Count; i++)
                    {
                        if (options[i].IsAvailable && pick-- == 0)
                        {
                            _session.Choose(i);
                            break;
                        }
                    }

                    made++;
                    break;
                case StepKind.Command:
                    break;
                case StepKind.End:
                    Playthroughs++;
                    if (NewSessionPerPlaythrough)
                    {
                        _session.Dispose();
                        _session = NewSession();
                    }
                    else
                    {
                        _session.Restart((ulong)_random.Next());
                    }

                    break;
                default:
                    throw new InvalidOperationException($"The story failed: {step.Error?.Message}");
            }
        }
    }

    /// <summary>Advances until the session waits for a choice.</summary>
    public void AdvanceToOptions()
    {
        while (_session.State != SessionState.AwaitingChoice)
        {
            var step = _session.Next();
            if (step.Kind is StepKind.End or StepKind.Error)
            {
                throw new InvalidOperationException("The story ended before offering options.");
            }
        }
    }

    private StorySession NewSession() => _story.CreateSession(new SessionOptions { Seed = (ulong)_random.Next(), Localization = _localization });
}
