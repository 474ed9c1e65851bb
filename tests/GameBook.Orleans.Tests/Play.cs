using GameBook.Orleans.Sessions;

namespace GameBook.Orleans.Tests;

/// <summary>One player's session driven through the cluster: its grain, the last acknowledged view and its transcript.</summary>
public sealed class Player(SessionCluster cluster, string story, ulong seed)
{
    public string Id { get; } = "player-" + seed.ToString(System.Globalization.CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..6];

    public ulong Seed => seed;

    public List<string> Transcript { get; } = [];

    public SessionView? View { get; private set; }

    public bool Ended { get; private set; }

    public int Failures { get; private set; }

    public Exception? FirstFailure { get; private set; }

    private IStorySessionGrain Grain => cluster.Session(Id);

    public async Task StartAsync() => View = Transcripts.Expect(await Grain.StartAsync(story, seed));

    /// <summary>Plays up to <paramref name="steps"/> steps (or to the end) with no retry: a failure propagates.</summary>
    public async Task PlayAsync(int steps)
    {
        for (var i = 0; i < steps && !Ended; i++)
        {
            var (more, view) = await Transcripts.StepAsync(Grain, View!, seed, Transcript);
            View = view;
            Ended = !more;
        }
    }

    /// <summary>
    /// Plays to the end, retrying a failed step with the same version until <paramref name="deadline"/>: the grain
    /// answers a retried step that had been persisted instead of applying it again.
    /// </summary>
    public async Task PlayToEndAsync(DateTime deadline)
    {
        while (!Ended)
        {
            try
            {
                await PlayAsync(int.MaxValue);
            }
            catch (Exception ex) when (ex is not InvalidOperationException && DateTime.UtcNow < deadline)
            {
                Failures++;
                FirstFailure ??= ex;
                await Task.Delay(200);
            }
        }
    }
}
