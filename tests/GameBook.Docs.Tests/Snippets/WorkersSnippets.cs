using GameBook.Authoring.Playtesting;
using GameBook.Runtime;
using GameBook.Workers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GameBook.Docs.Tests.Snippets;

internal static class WorkersSnippets
{
    public static void Register(IServiceCollection services, IConfiguration config)
    {
        #region doc: docs/workers.md
        services.AddGameBookWorkers();                                          // the default pool ("default")
        services.AddGameBookWorkers(o => { o.MaxWorkers = 8; o.Capacity = 50_000; });
        services.AddGameBookWorkers(config.GetSection("GameBook:Workers"));     // bound from configuration
        services.AddGameBookWorkers("exports", o => o.MaxWorkers = 2);          // a named pool
        services.AddGameBookWorkers("exports", config.GetSection("GameBook:Workers:Exports"));
        #endregion
    }

    public static async Task Batch(WorkerPool pool, Story story, CancellationToken cancellationToken)
    {
        #region doc: docs/workers.md
        // One playthrough per seed (GameBook.Authoring's playtester); reports[i] belongs to seeds[i].
        ulong[] seeds = [11, 12, 13, 14];
        PlaytestReport[] reports = await pool.SubmitBatchAsync(seeds,
            (seed, token) => Playtester.RunAsync(story, new PlaytestOptions { MasterSeed = seed, Playthroughs = 1, MaxDegreeOfParallelism = 1 }, null, token),
            JobOptions.WithPriority(JobPriority.Low), cancellationToken);
        #endregion
    }
}

#region doc: docs/workers.md
public sealed class PlaytestRunner(WorkerPool pool)
{
    // GameBook.Authoring's playtester, split into slices on the pool: merged, they give the report one run would.
    public async Task<PlaytestReport> RunAsync(Story story, int playthroughs, CancellationToken ct)
    {
        const int slices = 8;
        var per = (playthroughs + slices - 1) / slices;
        var firsts = Enumerable.Range(0, slices).Select(i => i * per).ToArray();
        var reports = await pool.SubmitBatchAsync(firsts, (first, token) => Playtester.RunAsync(story, new PlaytestOptions
            {
                MasterSeed = 2026,
                FirstPlaythrough = first,
                Playthroughs = Math.Clamp(playthroughs - first, 0, per),
                MaxDegreeOfParallelism = 1,   // the pool provides the parallelism
            }, progress: null, token),
            new JobOptions { Priority = JobPriority.Low, Timeout = TimeSpan.FromMinutes(5) }, ct);
        return PlaytestReport.Merge(reports);
    }
}
#endregion
