using GameBook.Authoring.Playtesting;
using GameBook.Runtime;
using GameBook.Workers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GameBook.Docs.Tests.Snippets;

internal static class WorkersReadmeSnippets
{
    public static async Task Use(IServiceCollection services, IConfiguration config, WorkerPool pool, Story story, ulong seed, CancellationToken cancellationToken)
    {
        #region doc: src/GameBook.Workers/README.md
        services.AddGameBookWorkers(o => o.MaxWorkers = 8);
        services.AddGameBookWorkers("exports", config.GetSection("GameBook:Workers:Exports"));

        // later, with a WorkerPool (or [FromKeyedServices("exports")] WorkerPool) injected:
        var report = await pool.SubmitAsync(ct => Playtester.RunAsync(story, new PlaytestOptions { MasterSeed = seed, Playthroughs = 1_000 }, null, ct),
            new JobOptions { Priority = JobPriority.Low, Timeout = TimeSpan.FromMinutes(1) }, cancellationToken);   // GameBook.Authoring's playtester

        // many items in one call, one task, the results in item order: one playthrough per seed
        ulong[] seeds = [11, 12, 13, 14];
        var reports = await pool.SubmitBatchAsync(seeds, (s, ct) => Playtester.RunAsync(story, new PlaytestOptions { MasterSeed = s, Playthroughs = 1, MaxDegreeOfParallelism = 1 }, null, ct),
            JobOptions.WithPriority(JobPriority.Low), cancellationToken);
        #endregion
    }
}
