using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using Microsoft.Extensions.DependencyInjection;
using static GameBook.Samples.Web.Tests.Api;

namespace GameBook.Samples.Web.Tests;

/// <summary>
/// Sessions in a locale: a session created (or restored) with a locale plays its lines and options from the string
/// table <c>NAME.L.csv</c> beside the story, falling back to the base text line by line; a locale the story has no
/// table for is refused with a problem that lists the ones it has.
/// </summary>
public sealed class LocaleApiTests : IDisposable
{
    private const string P = StoryServerProblems.TypePrefix;
    private readonly TestStories _stories = new();
    private readonly StoryServerFactory _factory;
    private readonly HttpClient _client;

    public LocaleApiTests()
    {
        LocalizedStory.WriteTo(_stories);
        _factory = StoryServerFactory.WithStories(_stories);
        _client = _factory.CreateClient();
    }

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
        _stories.Dispose();
    }

    [Fact]
    public async Task Create_WithALocale_PlaysItsTable_AndTheBaseTextWhereItHasNoTranslation()
    {
        var (status, body) = await CreateInAsync("fr");
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("fr", (string?)body["locale"]);
        var session = Session(body);

        var line = session.Step["line"]!;
        Assert.Equal("Narrateur: Bienvenue, voyageur.", (string?)line["text"]);
        Assert.Equal("Narrateur", (string?)line["characterName"]);
        Assert.Equal("line:w1", (string?)line["id"]); // IDs stay the base line's (voice-over lookups work in every locale)

        var (_, gold) = await AdvanceAsync(_client, session);
        Assert.Equal("Vous avez 3 pièces d'or.", (string?)gold["line"]!["text"]); // the substitution applied to the translation

        var (_, options) = await AdvanceAsync(_client, session);
        Assert.Equal(["Entrer dans l'auberge", "Continuer la route"], Texts(options));

        var (_, road) = await ChooseAsync(_client, session, 1);
        Assert.Equal("The road is long.", (string?)road["line"]!["text"]); // untranslated: base text
        var (_, more) = await AdvanceAsync(_client, session);
        Assert.Equal(["Se reposer", "Keep walking"], Texts(more));
        Assert.Equal([false, true], more["options"]!.AsArray().Select(o => (bool)o!["available"]!).ToArray());

        var (_, inn) = await ChooseAsync(_client, session, 1);
        Assert.Equal("Aubergiste: Asseyez-vous, la soupe est chaude.", (string?)inn["line"]!["text"]);
        var bold = inn["line"]!["attributes"]!.AsArray().Single(a => (string?)a!["name"] == "b")!;
        Assert.Equal("chaude", ((string)inn["line"]!["text"]!).Substring((int)bold["position"]!, (int)bold["length"]!)); // markup of the translation
    }

    [Theory]
    [InlineData("fr-CA", "fr", "Narrateur: Bienvenue, voyageur.")]
    [InlineData("FR", "fr", "Narrateur: Bienvenue, voyageur.")]
    [InlineData("en", "en", "Narrator: Welcome, traveller.")]
    [InlineData("en-GB", "en", "Narrator: Welcome, traveller.")]
    public async Task Create_WithARelatedLocale_PlaysTheClosestTable_OrTheBaseText(string asked, string played, string firstLine)
    {
        var (status, body) = await CreateInAsync(asked);
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(played, (string?)body["locale"]);
        Assert.Equal(firstLine, (string?)body["step"]!["line"]!["text"]);
    }

    [Fact]
    public async Task Create_WithoutALocale_PlaysTheBaseText_AndSaysNoLocale()
    {
        var (status, body) = await SendAsync(_client, Request(HttpMethod.Post, "/api/sessions", body: new JsonObject { ["story"] = LocalizedStory.Name }));
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Null(body["locale"]);
        Assert.Equal("Narrator: Welcome, traveller.", (string?)body["step"]!["line"]!["text"]);
    }

    [Fact]
    public async Task Create_InALocaleWithoutATable_IsRefused_NamingTheLocalesOffered()
    {
        var answer = await CreateInAsync("de");
        AssertProblem(HttpStatusCode.UnprocessableEntity, P + "unsupported-locale", answer);
        var detail = (string)answer.Body["detail"]!;
        Assert.Contains("'de'", detail, StringComparison.Ordinal);
        Assert.Contains("en, fr", detail, StringComparison.Ordinal);
        Assert.Contains($"{LocalizedStory.Name}.de.csv", detail, StringComparison.Ordinal);

        // A story without tables offers its base text only.
        var trial = await SendAsync(_client, Request(HttpMethod.Post, "/api/sessions", body: new JsonObject { ["story"] = "trial", ["locale"] = "fr" }));
        AssertProblem(HttpStatusCode.UnprocessableEntity, P + "unsupported-locale", trial);
        Assert.Equal(0, _factory.Services.GetRequiredService<Sessions.ISessionStore>().Count);
    }

    [Fact]
    public async Task Create_InALocaleWhoseTableIsBroken_IsRefused_NamingTheFileAndTheProblem()
    {
        File.WriteAllText(Path.Combine(_stories.Path, LocalizedStory.Name + ".it.csv"), "language,key,testo\nit,line:w1,Benvenuto\n");
        var answer = await CreateInAsync("it");
        AssertProblem(HttpStatusCode.UnprocessableEntity, P + "unsupported-locale", answer);
        var detail = (string)answer.Body["detail"]!;
        Assert.Contains($"{LocalizedStory.Name}.it.csv", detail, StringComparison.Ordinal);
        Assert.Contains("id", detail, StringComparison.Ordinal); // the missing column

        // Not offered, and the other locales still work.
        var locales = await _client.GetFromJsonAsync<JsonObject>($"/api/stories/{LocalizedStory.Name}/locales");
        Assert.Equal(["en", "fr"], locales!["locales"]!.AsArray().Select(l => (string)l!["locale"]!).ToArray());
        Assert.Equal(HttpStatusCode.Created, (await CreateInAsync("fr")).Status);
    }

    [Fact]
    public async Task Locales_ListsTheBaseLocaleAndEachTable_WithTheirOwnNames()
    {
        File.WriteAllText(Path.Combine(_stories.Path, LocalizedStory.Name + ".it.csv"), "language,id,text\nit,line:w1,\"Benvenuto, viaggiatore.\"\n");
        File.WriteAllText(Path.Combine(_stories.Path, LocalizedStory.Name + ".notalocale.csv"), "id,text\nline:w1,x\n");
        var locales = await _client.GetFromJsonAsync<JsonObject>($"/api/stories/{LocalizedStory.Name}/locales");
        Assert.Equal("en", (string?)locales!["baseLocale"]);
        var list = locales["locales"]!.AsArray();
        Assert.Equal(["en", "fr", "it"], list.Select(l => (string)l!["locale"]!).ToArray());
        Assert.Equal(["English", "Français", "Italiano"], list.Select(l => (string)l!["name"]!).ToArray());
        Assert.True((bool?)list[0]!["base"]);
        Assert.Null(list[1]!["base"]);

        AssertProblem(HttpStatusCode.NotFound, P + "unknown-story", await SendAsync(_client, Request(HttpMethod.Get, "/api/stories/nope/locales")));
    }

    [Fact]
    public async Task SaveAndRestore_WithTheLocale_ContinuesInThatLocale()
    {
        var (_, body) = await CreateInAsync("fr");
        var session = Session(body);
        await AdvanceAsync(_client, session);
        var (_, options) = await AdvanceAsync(_client, session);
        Assert.Equal(["Entrer dans l'auberge", "Continuer la route"], Texts(options));
        var save = await SaveAsync(_client, session);

        var restored = await RestoreAsync(save, "fr");
        Assert.Equal(HttpStatusCode.Created, restored.Status);
        Assert.Equal("fr", (string?)restored.Body["locale"]);
        Assert.Equal(["Entrer dans l'auberge", "Continuer la route"], Texts(restored.Body["step"]!));
        var copy = Session(restored.Body);
        var (_, inn) = await ChooseAsync(_client, copy, 0);
        Assert.Equal("Aubergiste: Asseyez-vous, la soupe est chaude.", (string?)inn["line"]!["text"]);

        // The same save without a locale plays the base text; with one the story lacks, it is refused.
        var english = await RestoreAsync(save, null);
        Assert.Equal(["Enter the inn", "Walk on"], Texts(english.Body["step"]!));
        Assert.Null(english.Body["locale"]);
        AssertProblem(HttpStatusCode.UnprocessableEntity, P + "unsupported-locale", await RestoreAsync(save, "ja"));
        AssertProblem(HttpStatusCode.BadRequest, P + "invalid-request", await RestoreAsync(save, "not a locale"));
    }

    [Fact]
    public async Task AnEditedTable_IsPlayedByTheNextSession_WithoutARestart()
    {
        var (_, before) = await CreateInAsync("fr");
        Assert.Equal("Narrateur: Bienvenue, voyageur.", (string?)before["step"]!["line"]!["text"]);

        var path = Path.Combine(_stories.Path, LocalizedStory.Name + ".fr.csv");
        File.WriteAllText(path, LocalizedStory.French.Replace("Bienvenue, voyageur.", "Salut, voyageuse.", StringComparison.Ordinal));
        File.SetLastWriteTimeUtc(path, File.GetLastWriteTimeUtc(path).AddSeconds(5));
        var (_, after) = await CreateInAsync("fr");
        Assert.Equal("Narrateur: Salut, voyageuse.", (string?)after["step"]!["line"]!["text"]);

        // The session started before keeps the lines it was given.
        var (_, line) = await AdvanceAsync(_client, Session(before));
        Assert.Equal("Vous avez 3 pièces d'or.", (string?)line["line"]!["text"]);
    }

    [Fact]
    public async Task ATableInAFolderStory_SitsInsideTheFolder()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_stories.Path, "saga"));
        File.WriteAllText(Path.Combine(folder.FullName, "one.yarn"), "title: Start\n---\nHello there. #line:h1\n===\n");
        File.WriteAllText(Path.Combine(folder.FullName, "saga.fr.csv"), "id,text\nline:h1,Bonjour.\n");
        using var factory = StoryServerFactory.WithStories(_stories);
        using var client = factory.CreateClient();
        var (status, body) = await SendAsync(client, Request(HttpMethod.Post, "/api/sessions", body: new JsonObject { ["story"] = "saga", ["locale"] = "fr" }));
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("Bonjour.", (string?)body["step"]!["line"]!["text"]);
    }

    [Fact]
    public async Task RandomTableFiles_NeverFailTheServer_EachIsPlayedOrRefusedWithAProblem()
    {
        var path = Path.Combine(_stories.Path, LocalizedStory.Name + ".es.csv");
        var stamp = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var outcomes = new HashSet<HttpStatusCode>();
        var pieces = Gen.OneOf(
            Gen.Const("id,text,character\n"), Gen.Const("language,id,text\n"), Gen.Const("es,"), Gen.Const("line:w1,"), Gen.Const("line:o1,"),
            Gen.Const("\""), Gen.Const("\"\""), Gen.Const(","), Gen.Const(";"), Gen.Const("\r\n"), Gen.Const("\n"), Gen.Const("[b]"), Gen.Const("{0}"),
            Gen.Const("{9}"), Gen.Const("[/i]"), Gen.Const("Hola"), Gen.Const("\uFEFF"), Gen.Const("fr,"), Gen.String);
        await Gen.Select(pieces.Array[0, 40], Gen.Int[0, 3]).SampleAsync(async (parts, encoding) =>
        {
            var text = string.Concat(parts);
            var bytes = encoding switch
            {
                0 => Encoding.UTF8.GetBytes(text),
                1 => Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(text)).ToArray(),
                2 => Encoding.Latin1.GetBytes(text),
                _ => Encoding.UTF8.GetBytes(text).Select((b, i) => i % 7 == 3 ? (byte)0xC3 : b).ToArray(),
            };
            await File.WriteAllBytesAsync(path, bytes);
            stamp = stamp.AddSeconds(1);
            File.SetLastWriteTimeUtc(path, stamp);

            var (status, body) = await CreateInAsync("es");
            outcomes.Add(status);
            if (status == HttpStatusCode.Created)
            {
                Assert.Equal("es", (string?)body["locale"]);
                var first = (string?)body["step"]!["line"]!["text"];
                Assert.False(string.IsNullOrEmpty(first));
                using var delete = Request(HttpMethod.Delete, $"/api/sessions/{(string)body["id"]!}", Session(body));
                await _client.SendAsync(delete);
            }
            else
            {
                AssertProblem(HttpStatusCode.UnprocessableEntity, P + "unsupported-locale", (status, body));
            }
        }, iter: 60, threads: 1);

        Assert.Contains(HttpStatusCode.UnprocessableEntity, outcomes);
    }

    private Task<(HttpStatusCode Status, JsonObject Body)> CreateInAsync(string locale) =>
        SendAsync(_client, Request(HttpMethod.Post, "/api/sessions", body: new JsonObject { ["story"] = LocalizedStory.Name, ["seed"] = 1, ["locale"] = locale }));

    private Task<(HttpStatusCode Status, JsonObject Body)> RestoreAsync(string save, string? locale)
    {
        var body = new JsonObject { ["story"] = LocalizedStory.Name, ["snapshot"] = JsonNode.Parse(save) };
        if (locale is not null)
        {
            body["locale"] = locale;
        }

        return SendAsync(_client, Request(HttpMethod.Post, "/api/sessions/restore", body: body));
    }

    private static ClientSession Session(JsonObject created) => new((string)created["id"]!, (string)created["token"]!, created["step"]!.AsObject());

    private static string[] Texts(JsonNode step) => step["options"]!.AsArray().Select(o => (string)o!["text"]!).ToArray();
}

/// <summary>A small story with explicit line IDs and its French string table (some lines left untranslated on purpose).</summary>
public static class LocalizedStory
{
    public const string Name = "tavern";

    public const string Yarn = """
        title: Start
        ---
        <<declare $gold = 3>>
        Narrator: Welcome, traveller. #line:w1
        You have {$gold} gold coins. #line:w2
        -> Enter the inn #line:o1
            <<jump Inn>>
        -> Walk on #line:o2
            <<jump Road>>
        ===
        title: Road
        ---
        The road is long. #line:r1
        -> Rest <<if $gold > 5>> #line:o3
            <<jump Inn>>
        -> Keep walking #line:o4
            <<jump Inn>>
        ===
        title: Inn
        tags: ending
        ---
        Innkeeper: Sit down, the soup is [b]hot[/b]. #line:i1
        ===
        """;

    // As `gamebook lines export` writes it, translated (r1 and o4 left untranslated; hashes left out).
    public const string French = "language,id,text,character\r\n"
        + "fr,line:w1,\"Bienvenue, voyageur.\",Narrateur\r\n"
        + "fr,line:w2,Vous avez {0} pièces d'or.,\r\n"
        + "fr,line:o1,Entrer dans l'auberge,\r\n"
        + "fr,line:o2,Continuer la route,\r\n"
        + "fr,line:r1,,\r\n"
        + "fr,line:o3,Se reposer,\r\n"
        + "fr,line:i1,\"Asseyez-vous, la soupe est [b]chaude[/b].\",Aubergiste\r\n";

    public static void WriteTo(TestStories stories)
    {
        stories.Write(Name, Yarn);
        File.WriteAllText(Path.Combine(stories.Path, Name + ".fr.csv"), French);
    }
}
