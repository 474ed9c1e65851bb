using GameBook.Hosting;
using GameBook.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace GameBook.Core.Tests.Hosting;

public sealed class StorySessionFactoryTests : IDisposable
{
    private readonly TempStoryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void CreateSession_WithStartNode_StartsThere()
    {
        _folder.Write("two.yarn", "title: Start\n---\nAt the start.\n===\ntitle: Other\n---\nSomewhere else.\n===\n");
        using var services = CreateServices();
        var sessions = services.GetRequiredService<IStorySessionFactory>();

        using var fromStart = sessions.CreateSession("two");
        using var fromOther = sessions.CreateSession("two", startNode: "Other");

        Assert.Equal("At the start.", fromStart.Next().Line.Text);
        Assert.Equal("Somewhere else.", fromOther.Next().Line.Text);
    }

    [Fact]
    public void CreateSession_SameSeed_RollsTheSameDice()
    {
        _folder.Write("dice.yarn", Stories.Hello("{dice(1000)} {dice(1000)} {dice(1000)}"));
        using var services = CreateServices();
        var sessions = services.GetRequiredService<IStorySessionFactory>();

        using var first = sessions.CreateSession("dice", seed: 42);
        using var second = sessions.CreateSession("dice", seed: 42);

        Assert.Equal(first.Next().Line.Text, second.Next().Line.Text);
    }

    [Fact]
    public void Restore_SavedSession_ContinuesWhereItStopped()
    {
        _folder.Write("tour.yarn", Stories.Tour);
        using var services = CreateServices();
        var sessions = services.GetRequiredService<IStorySessionFactory>();
        using var original = sessions.CreateSession("tour");
        Assert.Equal(StepKind.Line, original.Next().Kind);

        var restored = sessions.Restore("tour", original.Save());

        Assert.True(restored.Success, restored.Error);
        using var session = restored.Session;
        Assert.Equal(StepKind.Command, session.Next().Kind);
    }

    [Fact]
    public void Restore_UnknownStory_ReturnsAnErrorNamingIt()
    {
        _folder.Write("tour.yarn", Stories.Tour);
        using var services = CreateServices();
        var sessions = services.GetRequiredService<IStorySessionFactory>();
        using var original = sessions.CreateSession("tour");

        var restored = sessions.Restore("gone", original.Save());

        Assert.False(restored.Success);
        Assert.Contains("'gone'", restored.Error, StringComparison.Ordinal);
    }

    private ServiceProvider CreateServices() =>
        new ServiceCollection()
            .AddGameBook(o =>
            {
                o.StoriesPath = _folder.Path;
                o.ReloadOnChange = false;
            })
            .Services.BuildServiceProvider();
}
