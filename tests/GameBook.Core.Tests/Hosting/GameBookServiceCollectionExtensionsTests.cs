using GameBook.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace GameBook.Core.Tests.Hosting;

public class GameBookServiceCollectionExtensionsTests
{
    [Fact]
    public void AddGameBook_CalledTwice_RegistersEachServiceOnce()
    {
        var services = new ServiceCollection();

        services.AddGameBook();
        int once = services.Count;
        services.AddGameBook(o => o.ReloadOnChange = false);

        // The second call only adds its configure action.
        Assert.Equal(once + 1, services.Count);
        Assert.Single(services, d => d.ServiceType == typeof(IStoryCatalog));
        Assert.Single(services, d => d.ServiceType == typeof(IStorySessionFactory));
        Assert.Single(services, d => d.ServiceType == typeof(IHostedService));
        Assert.Single(services, d => d.ServiceType == typeof(IValidateOptions<GameBookOptions>));
    }

    [Fact]
    public void AddGameBook_WithoutConfigure_UsesDefaults()
    {
        using var provider = new ServiceCollection().AddGameBook().Services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<GameBookOptions>>().Value;

        Assert.Equal(GameBookDefaults.StoriesPath, options.StoriesPath);
        Assert.True(options.ReloadOnChange);
        Assert.Equal(GameBookDefaults.ReloadDebounce, options.ReloadDebounce);
        Assert.Equal(GameBookDefaults.MaxNestingDepth, options.MaxNestingDepth);
        Assert.Equal(GameBookDefaults.MaxInstructionsPerStep, options.MaxInstructionsPerStep);
        Assert.False(options.RequireStoriesFolder);
    }

    [Fact]
    public void AddGameBook_ConfigurationSection_BindsOptions()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["GameBook:StoriesPath"] = "/srv/stories",
                ["GameBook:ReloadOnChange"] = "false",
                ["GameBook:ReloadDebounce"] = "00:00:02",
                ["GameBook:MaxNestingDepth"] = "64",
            })
            .Build();

        using var provider = new ServiceCollection()
            .AddGameBook(configuration.GetSection(GameBookDefaults.SectionName)).Services
            .BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<GameBookOptions>>().Value;

        Assert.Equal("/srv/stories", options.StoriesPath);
        Assert.False(options.ReloadOnChange);
        Assert.Equal(TimeSpan.FromSeconds(2), options.ReloadDebounce);
        Assert.Equal(64, options.MaxNestingDepth);
    }

    [Fact]
    public async Task HostStart_WithEmptyStoriesPath_FailsNamingTheOption()
    {
        using var host = BuildHost(o => o.StoriesPath = "");

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("StoriesPath", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostStart_WithNegativeDebounce_FailsNamingTheOption()
    {
        using var host = BuildHost(o => o.ReloadDebounce = TimeSpan.FromSeconds(-1));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("ReloadDebounce", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostStart_WithZeroNestingDepth_FailsNamingTheOption()
    {
        using var host = BuildHost(o => o.MaxNestingDepth = 0);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("MaxNestingDepth", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostStart_WithMissingRequiredFolder_FailsWithThePath()
    {
        var missing = Path.Combine(Path.GetTempPath(), "gamebook-tests", "missing-" + Guid.NewGuid().ToString("N"));
        using var host = BuildHost(o =>
        {
            o.StoriesPath = missing;
            o.RequireStoriesFolder = true;
        });

        var error = await Assert.ThrowsAsync<DirectoryNotFoundException>(() => host.StartAsync());

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostStart_WithValidOptions_LoadsTheCatalog()
    {
        using var folder = new TempStoryFolder();
        folder.Write("intro.yarn", Stories.Hello());
        using var host = BuildHost(o =>
        {
            o.StoriesPath = folder.Path;
            o.ReloadOnChange = false;
        });
        var catalog = (StoryCatalog)host.Services.GetRequiredService<IStoryCatalog>();
        List<StoryCatalogChangedEventArgs> changes = [];
        catalog.Changed += (_, e) => changes.Add(e);

        await host.StartAsync();
        await host.StopAsync();

        // Loaded by the hosted service at start, not by a lookup.
        var change = Assert.Single(changes);
        Assert.Equal<string>(["intro"], change.Added);
        Assert.True(catalog.TryGetStory("intro", out _));
    }

    [Fact]
    public void HostStoriesPath_Relative_ResolvesAgainstContentRoot()
    {
        using var folder = new TempStoryFolder();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = folder.Path });
        builder.Services.AddGameBook(o =>
        {
            o.StoriesPath = "tales";
            o.ReloadOnChange = false;
        });
        using var host = builder.Build();

        var catalog = (StoryCatalog)host.Services.GetRequiredService<IStoryCatalog>();

        Assert.Equal(Path.Combine(folder.Path, "tales"), catalog.RootPath);
    }

    [Fact]
    public void AddFunction_OnBuilder_IsAvailableToTheCatalogsCompilations()
    {
        using var folder = new TempStoryFolder();
        folder.Write("luck.yarn", Stories.Hello("Luck is {lucky_number()}."));
        using var provider = new ServiceCollection()
            .AddGameBook(o =>
            {
                o.StoriesPath = folder.Path;
                o.ReloadOnChange = false;
            })
            .AddFunction("lucky_number", () => 7)
            .Services.BuildServiceProvider();
        var catalog = provider.GetRequiredService<IStoryCatalog>();
        var sessions = provider.GetRequiredService<IStorySessionFactory>();

        Assert.True(catalog.TryGetStory("luck", out _), string.Join(Environment.NewLine, catalog.GetDiagnostics("luck")));
        using var session = sessions.CreateSession("luck");
        var step = session.Next();
        Assert.Equal("Luck is 7.", step.Line.Text);
    }

    [Fact]
    public void AddFunction_NotRegistered_StoryFailsToCompile()
    {
        using var folder = new TempStoryFolder();
        folder.Write("luck.yarn", Stories.Hello("Luck is {lucky_number(1, 2)}."));
        using var provider = new ServiceCollection()
            .AddGameBook(o =>
            {
                o.StoriesPath = folder.Path;
                o.ReloadOnChange = false;
            })
            .AddFunction("lucky_number", () => 7)
            .Services.BuildServiceProvider();
        var catalog = provider.GetRequiredService<IStoryCatalog>();

        // Registered with no parameters, so a call with two arguments is a compile error.
        Assert.False(catalog.TryGetStory("luck", out _));
        Assert.NotEmpty(catalog.GetDiagnostics("luck"));
    }

    [Fact]
    public void AddGameBook_WithARegisteredTimeProvider_DebouncesReloadsOnIt()
    {
        using var folder = new TempStoryFolder();
        folder.Write("intro.yarn", Stories.Hello());
        var time = new FakeTimeProvider();
        var services = new ServiceCollection().AddSingleton<TimeProvider>(time);
        services.AddGameBook(o =>
        {
            o.StoriesPath = folder.Path;
            o.ReloadOnChange = false;
            o.ReloadDebounce = TimeSpan.FromSeconds(5);
        });
        using var provider = services.BuildServiceProvider();
        var catalog = (StoryCatalog)provider.GetRequiredService<IStoryCatalog>();
        Assert.True(catalog.TryGetStory("intro", out var before));
        folder.Write("intro.yarn", Stories.Hello("Hello again."));

        catalog.OnSourcesChanged();
        time.Advance(TimeSpan.FromSeconds(4));
        Assert.Same(before, catalog.Stories["intro"]);
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.NotSame(before, catalog.Stories["intro"]);
    }

    [Fact]
    public void SessionFactory_UnknownStory_ThrowsNamingTheKnownStories()
    {
        using var folder = new TempStoryFolder();
        folder.Write("intro.yarn", Stories.Hello());
        using var provider = new ServiceCollection()
            .AddGameBook(o =>
            {
                o.StoriesPath = folder.Path;
                o.ReloadOnChange = false;
            })
            .Services.BuildServiceProvider();
        var sessions = provider.GetRequiredService<IStorySessionFactory>();

        Assert.False(sessions.TryCreateSession("outro", out var none));
        Assert.Null(none);
        var error = Assert.Throws<ArgumentException>(() => sessions.CreateSession("outro"));
        Assert.Contains("'outro'", error.Message, StringComparison.Ordinal);
        Assert.Contains("intro", error.Message, StringComparison.Ordinal);
    }

    private static IHost BuildHost(Action<GameBookOptions> configure)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddGameBook(configure);
        return builder.Build();
    }
}
