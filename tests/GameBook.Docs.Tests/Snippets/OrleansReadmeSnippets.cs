using GameBook.Orleans.Sessions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Hosting;
using Orleans;

namespace GameBook.Docs.Tests.Snippets;

internal static class OrleansReadmeSnippets
{
    public static async Task Silo(string[] args)
    {
        #region doc: src/GameBook.Orleans/README.md
        var builder = Host.CreateApplicationBuilder(args);
        builder.Services.AddGameBook(o => o.StoriesPath = "stories");   // every silo serves the same stories folder
        builder.UseOrleans(silo => silo.AddGameBookOrleans(builder.Configuration.GetSection("GameBook:Orleans")));
        using var host = builder.Build();
        await host.StartAsync();

        var session = host.Services.GetRequiredService<IGrainFactory>().GetGrain<IStorySessionGrain>("player-42");
        var view = await session.StartAsync("the-lanternkeepers-oath", seed: 42);
        while (view.Step!.Kind is SessionStepKind.Line or SessionStepKind.Command)
        {
            view = await session.NextAsync(view.Version);
        }
        view = await session.ChooseAsync(0, view.Version);   // persisted before this returns
        #endregion
    }
}
