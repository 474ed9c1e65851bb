using GameBook.Hosting;
using GameBook.Runtime;
using GameBook.Values;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace GameBook.Docs.Tests.Snippets;

internal static class HostingSnippets
{
    public static async Task RunHost(string[] args)
    {
        #region doc: docs/hosting.md
        var builder = Host.CreateApplicationBuilder(args);
        builder.Services
            .AddGameBook(builder.Configuration.GetSection(GameBookDefaults.SectionName))  // or .AddGameBook(o => o.StoriesPath = "stories")
            .AddFunction("player_level", () => 3)                                        // checked when stories compile
            .AddCommand("play_sound", [StoryType.String]);                               // handed to the host as a step
        using var host = builder.Build();
        await host.StartAsync();                                                         // validates options, loads the catalog

        var sessions = host.Services.GetRequiredService<IStorySessionFactory>();
        using var session = sessions.CreateSession("intro");
        for (var step = session.Next(); step.Kind != StepKind.End; step = session.Next()) { /* ... */ }
        #endregion
    }
}
