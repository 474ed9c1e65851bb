using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace GameBook.Samples.Web.Tests;

/// <summary>
/// The player page in a locale, in a real headless Chromium: the player picks French, the page shows the French
/// lines and choices (with the base text where the table has none), and a save file restores in French. Runs in the
/// browser collection (one browser, one test at a time) against its own server whose stories folder holds the
/// translated fixture story.
/// </summary>
[Collection(BrowserTestGroup.Name)]
public sealed class LocalizedPlayerBrowserTests(BrowserFixture browser, LocalizedServer server) : IClassFixture<LocalizedServer>
{
    [BrowserFact]
    public async Task Player_PicksFrench_SeesTheTranslation_AndASaveRestoresInFrench()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(server.Url("/"));
        await SettledAsync(page);
        await page.SelectOptionAsync("#story-select", LocalizedStory.Name);
        await Expect(page.Locator("#locale-select option")).ToHaveTextAsync(["English", "Français"]);
        await page.SelectOptionAsync("#locale-select", "fr");
        await page.ClickAsync("#start-button");

        await Expect(page.Locator("#transcript p.line").Last).ToHaveTextAsync("Narrateur: Bienvenue, voyageur.");
        Assert.Equal("fr", await page.Locator("#transcript").GetAttributeAsync("lang"));
        await page.ClickAsync("#continue-button");
        await Expect(page.Locator("#transcript p.line").Last).ToHaveTextAsync("Vous avez 3 pièces d'or.");
        await page.ClickAsync("#continue-button");
        await Expect(page.Locator("#choices button.choice .text")).ToHaveTextAsync(["Entrer dans l'auberge", "Continuer la route"]);
        await BrowserFixture.ScreenshotAsync(page, "player-french.png", fullPage: false);

        // Save here: the file names the locale; play on, reload, restore: the same French choices.
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#save-button"));
        var file = Path.Combine(Path.GetTempPath(), $"gamebook-{Guid.NewGuid():N}.save.json");
        await download.SaveAsAsync(file);
        using (var saved = JsonDocument.Parse(await File.ReadAllTextAsync(file)))
        {
            Assert.Equal("fr", saved.RootElement.GetProperty("locale").GetString());
            Assert.Equal(LocalizedStory.Name, saved.RootElement.GetProperty("story").GetString());
        }

        await page.Locator("#choices button.choice").Nth(1).ClickAsync();
        await Expect(page.Locator("#transcript p.line").Last).ToHaveTextAsync("The road is long."); // untranslated: base text
        await page.ClickAsync("#continue-button");
        await Expect(page.Locator("#choices button.choice .text")).ToHaveTextAsync(["Se reposer", "Keep walking"]);

        await page.ReloadAsync();
        await SettledAsync(page);
        await page.SelectOptionAsync("#story-select", "trial"); // the restore must not depend on what is selected
        await Expect(page.Locator("#locale-select option")).ToHaveTextAsync(["English"]);
        await page.SetInputFilesAsync("#restore-input", file);
        await Expect(page.Locator("#transcript .note")).ToContainTextAsync("Restored from");
        await Expect(page.Locator("#choices button.choice .text")).ToHaveTextAsync(["Entrer dans l'auberge", "Continuer la route"]);
        await Expect(page.Locator("#locale-select")).ToHaveValueAsync("fr");
        await page.Locator("#choices button.choice").First.ClickAsync();
        await Expect(page.Locator("#transcript p.line").Last).ToHaveTextAsync("Aubergiste: Asseyez-vous, la soupe est chaude.");
        await Expect(page.Locator("#transcript p.line").Last.Locator(".attr-b")).ToHaveTextAsync("chaude");
        await page.ClickAsync("#continue-button");
        await Expect(page.Locator("#ending")).ToBeVisibleAsync();
        await Expect(page.Locator("#problem")).ToBeHiddenAsync();
        await BrowserFixture.ScreenshotAsync(page, "player-french-restored.png", fullPage: false);
        File.Delete(file);
        Assert.True(browser.PageErrors.IsEmpty, string.Join(Environment.NewLine, browser.PageErrors));
    }

    [BrowserFact]
    public async Task Player_StoryWithoutTables_HidesTheLanguageList()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(server.Url("/"));
        await SettledAsync(page);
        await page.SelectOptionAsync("#story-select", "trial");
        await Expect(page.Locator("#locale-select option")).ToHaveTextAsync(["English"]);
        await Expect(page.Locator("#locale-select")).ToBeHiddenAsync(); // one language: no choice to offer
        await Expect(page.Locator("#locale-label")).ToBeHiddenAsync();
        await page.ClickAsync("#start-button");
        await Expect(page.Locator("#transcript p.line").Last).ToHaveTextAsync("Welcome to the trial.");
        Assert.True(browser.PageErrors.IsEmpty, string.Join(Environment.NewLine, browser.PageErrors));
    }

    /// <summary>Waits until the page loaded its stories and finished its first request.</summary>
    private static async Task SettledAsync(IPage page) => await page.WaitForFunctionAsync(
        "() => document.body.getAttribute('aria-busy') !== 'true' && document.querySelectorAll('#story-select option').length >= 4 && document.querySelectorAll('#locale-select option').length > 0");

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}

/// <summary>The real server on a loopback port, serving the test stories and the translated fixture story. Started only when chromium is on PATH.</summary>
public sealed class LocalizedServer : IAsyncLifetime
{
    private readonly TestStories _stories = new();
    private WebApplicationFactory<Program>? _factory;

    public Uri BaseAddress { get; private set; } = null!;

    public string Url(string path) => new Uri(BaseAddress, path).ToString();

    public Task InitializeAsync()
    {
        if (Chromium.Path is null)
        {
            return Task.CompletedTask;
        }

        LocalizedStory.WriteTo(_stories);
        var factory = StoryServerFactory.WithStories(_stories);
        factory.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        _factory = factory;
        BaseAddress = new Uri(factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        _stories.Dispose();
    }
}
