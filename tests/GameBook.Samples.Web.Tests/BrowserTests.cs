using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace GameBook.Samples.Web.Tests;

/// <summary>
/// Both pages in a real headless Chromium (Debian's <c>chromium</c> on PATH, driven by Playwright, never a
/// downloaded browser) against the real server on a loopback port. Screenshots go to
/// <c>TestResults/screenshots</c> under the repository root.
/// </summary>
[Collection(BrowserTestGroup.Name)]
public sealed class BrowserTests(BrowserFixture browser)
{
    private const string Story = "the-lanternkeepers-oath";

    [BrowserFact]
    public async Task Player_PlaysTheBundledStoryToAnEnding_ByClicking()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(browser.Url("/"));
        await Expect(page.Locator("#story-select option")).ToHaveCountAsync(1);
        await page.ClickAsync("#start-button");
        await Expect(page.Locator("#story-title")).ToHaveTextAsync("The Lanternkeepers Oath");

        var shotTaken = false;
        var chosen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var action = 0; action < 1500; action++)
        {
            var state = await WaitForPromptAsync(page);
            if (state == "ending")
            {
                break;
            }

            if (state == "continue")
            {
                await page.ClickAsync("#continue-button");
                continue;
            }

            var choices = page.Locator("#choices button.choice:not([disabled])");
            var texts = await choices.Locator(".text").AllInnerTextsAsync();
            var pick = PickLeastChosen(texts, chosen);
            if (!shotTaken && action > 12 && await page.Locator("#transcript p.chosen").CountAsync() >= 2)
            {
                await BrowserFixture.ScreenshotAsync(page, "player-mid-story.png", fullPage: false);
                shotTaken = true;
            }

            await choices.Nth(pick).ClickAsync();
            await Expect(page.Locator("#transcript p.chosen").Last).ToHaveTextAsync(texts[pick]);
        }

        await Expect(page.Locator("#ending")).ToBeVisibleAsync();
        await Expect(page.Locator("#ending-title")).ToContainTextAsync("The End");
        await Expect(page.Locator("#problem")).ToBeHiddenAsync();
        Assert.True(await page.Locator("#transcript p.line").CountAsync() > 10);
        Assert.True(shotTaken, "the story ended before the mid-story screenshot");
        await BrowserFixture.ScreenshotAsync(page, "player-ending.png", fullPage: false);
        Assert.True(browser.PageErrors.IsEmpty, string.Join(Environment.NewLine, browser.PageErrors));

        // The analytics counted this session's ending.
        var analytics = await browser.Client.GetFromJsonAsync<JsonElement>($"/api/analytics/stories/{Story}");
        Assert.True(analytics.GetProperty("endingsReached").EnumerateObject().Sum(e => e.Value.GetInt64()) >= 1);
    }

    [BrowserFact]
    public async Task Player_PlaysToAnEnding_WithTheKeyboardOnly()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(browser.Url("/"));
        await Expect(page.Locator("#story-select option")).ToHaveCountAsync(1);
        await page.FocusAsync("#start-button");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#story-title")).ToHaveTextAsync("The Lanternkeepers Oath");

        var chosen = new Dictionary<string, int>(StringComparer.Ordinal);
        var usedSpace = false;
        var usedDigit = false;
        for (var action = 0; action < 1500; action++)
        {
            var state = await WaitForPromptAsync(page);
            if (state == "ending")
            {
                break;
            }

            var before = await page.EvaluateAsync<int>("() => Number(document.body.dataset.steps || 0)");
            if (state == "continue")
            {
                // Alternate Enter and Space, and press them with the focus on the page itself too.
                if (action % 3 == 0)
                {
                    await page.EvaluateAsync("() => document.activeElement && document.activeElement.blur()");
                }

                var key = action % 2 == 0 ? "Enter" : " ";
                usedSpace |= key == " ";
                await page.Keyboard.PressAsync(key == " " ? "Space" : key);
            }
            else
            {
                var all = page.Locator("#choices button.choice");
                var texts = await all.Locator(".text").AllInnerTextsAsync();
                var available = await all.EvaluateAllAsync<bool[]>("buttons => buttons.map(b => b.dataset.available === 'true')");
                var open = Enumerable.Range(0, texts.Count).Where(i => available[i] && i < 9).ToList();
                var pick = open[PickLeastChosen(open.Select(i => texts[i]).ToList(), chosen)];
                await page.Keyboard.PressAsync((pick + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
                usedDigit = true;
            }

            await page.WaitForFunctionAsync($"() => Number(document.body.dataset.steps || 0) > {before}");
        }

        await Expect(page.Locator("#ending")).ToBeVisibleAsync();
        Assert.True(usedSpace && usedDigit);
        Assert.True(browser.PageErrors.IsEmpty, string.Join(Environment.NewLine, browser.PageErrors));
        await Expect(page.Locator("#problem")).ToBeHiddenAsync();
    }

    [BrowserFact]
    public async Task Player_SavesReloadsRestoresAndContinues()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(browser.Url("/"));
        await Expect(page.Locator("#story-select option")).ToHaveCountAsync(1);
        await page.ClickAsync("#start-button");
        while (await WaitForPromptAsync(page) == "continue")
        {
            await page.ClickAsync("#continue-button");
        }

        var optionsAtSave = await page.Locator("#choices button.choice .text").AllInnerTextsAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#save-button"));
        Assert.Matches($"^{Story}-.*\\.save\\.json$", download.SuggestedFilename);
        var file = Path.Combine(Path.GetTempPath(), $"gamebook-{Guid.NewGuid():N}.save.json");
        await download.SaveAsAsync(file);
        using (var saved = JsonDocument.Parse(await File.ReadAllTextAsync(file)))
        {
            // The file is the restore request: the story, the locale and the session's snapshot JSON.
            Assert.Equal(Story, saved.RootElement.GetProperty("story").GetString());
            Assert.True(saved.RootElement.GetProperty("snapshot").TryGetProperty("fingerprint", out _), "the file holds the session's snapshot JSON");
        }

        // Play on past the save, then reload the page: the restore must go back to the saved choice.
        await page.Locator("#choices button.choice:not([disabled])").First.ClickAsync();
        await Expect(page.Locator("#transcript p.chosen")).ToHaveCountAsync(1);
        await page.ReloadAsync();
        await Expect(page.Locator("#story-select option")).ToHaveCountAsync(1);

        await page.SetInputFilesAsync("#restore-input", file);
        await Expect(page.Locator("#transcript .note")).ToContainTextAsync("Restored from");
        await Expect(page.Locator("#choices button.choice .text")).ToHaveTextAsync(optionsAtSave.ToArray());
        await Expect(page.Locator("#problem")).ToBeHiddenAsync();

        var choice = page.Locator("#choices button.choice:not([disabled])").Last;
        var text = await choice.Locator(".text").InnerTextAsync();
        await choice.ClickAsync();
        await Expect(page.Locator("#transcript p.chosen").Last).ToHaveTextAsync(text);
        await Expect(page.Locator("#transcript p.line").First).ToBeVisibleAsync();

        // A file that is not a save gets a clear message, and the game goes on.
        var junk = Path.Combine(Path.GetTempPath(), $"gamebook-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(junk, "this is not json");
        await page.SetInputFilesAsync("#restore-input", junk);
        await Expect(page.Locator("#problem")).ToContainTextAsync("is not a GameBook save file");
        File.Delete(file);
        File.Delete(junk);
        Assert.True(browser.PageErrors.IsEmpty, string.Join(Environment.NewLine, browser.PageErrors));
    }

    [BrowserFact]
    public async Task Player_OnAPhone_ShowsChoicesFullWidth()
    {
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 }, DeviceScaleFactor = 2, IsMobile = true, HasTouch = true });
        await page.GotoAsync(browser.Url("/"));
        await Expect(page.Locator("#story-select option")).ToHaveCountAsync(1);
        await page.ClickAsync("#start-button");
        while (await WaitForPromptAsync(page) == "continue")
        {
            await page.ClickAsync("#continue-button");
        }

        var box = await page.Locator("#choices button.choice").First.BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.InRange(box.Width, 330, 390);
        var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= 390, $"the page scrolls sideways ({scrollWidth}px wide)");
        await BrowserFixture.ScreenshotAsync(page, "player-phone.png", fullPage: false);
        Assert.True(browser.PageErrors.IsEmpty, string.Join(Environment.NewLine, browser.PageErrors));
    }

    [BrowserFact]
    public async Task Dashboard_WhileALoadRuns_ShowsChartsWithData()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var load = Task.WhenAll(Enumerable.Range(0, 4).Select(i => PlayLoopAsync(browser.Client, seed: 100 + i, stop.Token)));
        try
        {
            var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 1000 } });
            await page.GotoAsync(browser.Url("/dashboard"));
            await page.WaitForFunctionAsync("() => Number(document.body.dataset.events || 0) >= 8", null, new PageWaitForFunctionOptions { Timeout = 45_000 });

            Assert.Equal(5, await page.Locator(".chart canvas").CountAsync());
            await Expect(page.Locator("#connection")).ToContainTextAsync("live");
            var slow = new LocatorAssertionsToHaveTextOptions { Timeout = 20_000 };
            await Expect(page.Locator("#fig-requests")).Not.ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^0\.0 req/s"), slow);
            await Expect(page.Locator("#fig-sessions")).Not.ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"· 0\.0 steps/s"), slow);
            await Expect(page.Locator("#fig-cpu")).ToContainTextAsync("%");
            await Expect(page.Locator("#fig-memory")).ToContainTextAsync(" of ");
            await Expect(page.Locator("#breakers tbody tr")).Not.ToHaveCountAsync(0);
            await Expect(page.Locator("#health tbody")).ToContainTextAsync("gamebook-stories", new LocatorAssertionsToContainTextOptions { Timeout = 15_000 });
            var stepsDrawn = await page.EvaluateAsync<int>("() => document.querySelectorAll('#chart-sessions .u-legend .u-value').length");
            Assert.True(stepsDrawn >= 3);

            // Analytics: the load's sessions and choices, the graph with edges weighted by choices.
            await Expect(page.Locator("#analytics-stats .stat .value").First).Not.ToHaveTextAsync("0", new LocatorAssertionsToHaveTextOptions { Timeout = 15_000 });
            await Expect(page.Locator("#graph svg")).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = 15_000 });
            await Expect(page.Locator("#graph svg path.edge.chosen")).Not.ToHaveCountAsync(0, new LocatorAssertionsToHaveCountOptions { Timeout = 15_000 });
            await Expect(page.Locator("#analytics-options .option-set").First).ToBeVisibleAsync();
            await Expect(page.Locator("#problem")).ToBeHiddenAsync();
            await BrowserFixture.ScreenshotAsync(page, "dashboard.png");
            Assert.True(browser.PageErrors.IsEmpty, string.Join(Environment.NewLine, browser.PageErrors));
        }
        finally
        {
            await stop.CancelAsync();
            await load;
        }
    }

    /// <summary>Which prompt the player shows once the last request settled: "continue", "options" or "ending".</summary>
    private static async Task<string> WaitForPromptAsync(IPage page)
    {
        await page.WaitForFunctionAsync("""
            () => document.body.getAttribute('aria-busy') !== 'true'
              && (!document.getElementById('ending').hidden
                  || !document.getElementById('continue-button').hidden
                  || document.querySelectorAll('#choices button.choice').length > 0)
            """);
        if (await page.Locator("#ending").IsVisibleAsync())
        {
            return "ending";
        }

        return await page.Locator("#continue-button").IsVisibleAsync() ? "continue" : "options";
    }

    /// <summary>The option chosen least often so far (the first of those), so a walk through the story does not go round in circles.</summary>
    private static int PickLeastChosen(IReadOnlyList<string> texts, Dictionary<string, int> chosen)
    {
        var best = 0;
        for (var i = 1; i < texts.Count; i++)
        {
            if (chosen.GetValueOrDefault(texts[i]) < chosen.GetValueOrDefault(texts[best]))
            {
                best = i;
            }
        }

        chosen[texts[best]] = chosen.GetValueOrDefault(texts[best]) + 1;
        return best;
    }

    /// <summary>A player in a loop: start a session, step and choose (first available option, rotated by the seed) to its end, again.</summary>
    private static async Task PlayLoopAsync(HttpClient client, int seed, CancellationToken cancellationToken)
    {
        var random = new Random(seed);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                using var created = await client.PostAsJsonAsync("/api/sessions", new { story = Story, seed }, cancellationToken);
                var session = await created.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
                var id = session.GetProperty("id").GetString();
                var token = session.GetProperty("token").GetString();
                var step = session.GetProperty("step");
                for (var i = 0; i < 400 && !cancellationToken.IsCancellationRequested; i++)
                {
                    var kind = step.GetProperty("kind").GetString();
                    if (kind is "end" or "error")
                    {
                        break;
                    }

                    HttpRequestMessage request;
                    if (kind == "options")
                    {
                        var open = step.GetProperty("options").EnumerateArray().Where(o => o.GetProperty("available").GetBoolean()).Select(o => o.GetProperty("index").GetInt32()).ToList();
                        var option = open.Count == 0 ? -1 : open[random.Next(open.Count)];
                        request = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{id}/choose") { Content = JsonContent.Create(new { option }) };
                    }
                    else
                    {
                        request = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{id}/advance");
                    }

                    request.Headers.Add("X-Session-Token", token);
                    using (request)
                    using (var response = await client.SendAsync(request, cancellationToken))
                    {
                        if (!response.IsSuccessStatusCode)
                        {
                            break; // e.g. the session expired under a slow machine: start another
                        }

                        step = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
                    }

                    await Task.Delay(5, cancellationToken);
                }

                using var delete = new HttpRequestMessage(HttpMethod.Delete, $"/api/sessions/{id}");
                delete.Headers.Add("X-Session-Token", token);
                using var _ = await client.SendAsync(delete, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}

/// <summary>The browser tests share one server and one browser.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserTestGroup : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}

/// <summary>
/// The real server on a loopback port (Kestrel, port 0, Development so the dashboard needs no key, rate limiter
/// off for the load) and one headless Chromium. Created only when chromium is on PATH.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private WebApplicationFactory<Program>? _factory;
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private readonly List<IBrowserContext> _contexts = [];

    public Uri BaseAddress { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    /// <summary>Script errors and console errors of every page (the tests run one at a time and expect none).</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> PageErrors { get; } = new();

    public string Url(string path) => new Uri(BaseAddress, path).ToString();

    public async Task InitializeAsync()
    {
        if (Chromium.Path is not { } chromium)
        {
            return;
        }

        _factory = new BrowserServer();
        _factory.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        _factory.StartServer();
        var address = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        BaseAddress = new Uri(address);
        Client = new HttpClient { BaseAddress = BaseAddress };

        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage"],
        });
    }

    public async Task<IPage> NewPageAsync(BrowserNewPageOptions? options = null)
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            AcceptDownloads = true,
            ViewportSize = options?.ViewportSize ?? new ViewportSize { Width = 1100, Height = 900 },
            DeviceScaleFactor = options?.DeviceScaleFactor,
            IsMobile = options?.IsMobile,
            HasTouch = options?.HasTouch,
        });
        context.SetDefaultTimeout(20_000);
        _contexts.Add(context);
        var page = await context.NewPageAsync();
        page.PageError += (_, error) => PageErrors.Enqueue(error);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                PageErrors.Enqueue($"console: {message.Text}");
            }
        };
        return page;
    }

    public static async Task ScreenshotAsync(IPage page, string name, bool fullPage = true)
    {
        var folder = Path.Combine(Chromium.RepositoryRoot ?? AppContext.BaseDirectory, "TestResults", "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name), FullPage = fullPage });
    }

    public async Task DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            await context.DisposeAsync();
        }

        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        Client?.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
    }

    private sealed class BrowserServer : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("StoryServer:RateLimit:Enabled", "false");
            builder.UseSetting("GameBook:ReloadOnChange", "false");
        }
    }
}

/// <summary>Finds Debian's chromium on PATH; the browser tests skip, saying so, when it is absent.</summary>
public static class Chromium
{
    private static readonly Lazy<string?> LazyPath = new(() =>
    {
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var name in new[] { "chromium", "chromium-browser" })
            {
                var candidate = System.IO.Path.Combine(folder, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    });

    /// <summary>The chromium executable, or null.</summary>
    public static string? Path => LazyPath.Value;

    /// <summary>Why the browser tests are skipped, or null.</summary>
    public static string? SkipReason => Path is null
        ? "chromium is not on PATH: the browser tests need Debian's chromium (apt-get install -y chromium; .ci/run installs it)."
        : null;

    /// <summary>The folder holding GameBookStudio.sln above the test output, or null.</summary>
    public static string? RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(System.IO.Path.Combine(dir.FullName, "GameBookStudio.sln")))
                {
                    return dir.FullName;
                }
            }

            return null;
        }
    }
}

/// <summary>A fact that is skipped, saying why, when chromium is not on PATH.</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute() => Skip = Chromium.SkipReason;
}
