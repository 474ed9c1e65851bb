using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using static GameBook.Samples.Web.Tests.Api;

namespace GameBook.Samples.Web.Tests;

/// <summary>
/// Random requests (methods, paths, ids, tokens, Accept headers, JSON bodies, content types, oversized bodies) against a server with a
/// live session: every answer is a success or a 4xx problem, never a 5xx, and a refused request leaves the session
/// exactly as it was (its save is unchanged).
/// </summary>
public sealed class HostileInputTests : IDisposable
{
    private static readonly string[] Keys = ["story", "seed", "locale", "option", "snapshot", "playthroughs", "maxSteps", "x", "", "__proto__", "Story", "OPTION"];
    private static readonly string[] ContentTypes = ["application/json", "application/json; charset=utf-8", "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/problem+json", "application/json; charset=utf-16", ""];
    private static readonly string[] Accepts = ["", "application/json", "*/*", "text/plain", "text/html", "image/png", "application/xml;q=0.9", "x"];
    private static readonly string[] Paths =
    [
        "/api/sessions", "/api/sessions/restore", "/api/sessions/{id}", "/api/sessions/{id}/advance", "/api/sessions/{id}/choose", "/api/sessions/{id}/save",
        "/api/sessions/{rid}", "/api/sessions/{rid}/choose", "/api/sessions/{rid}/save", "/api/stories", "/api/stories/{r}", "/api/stories/{r}/playtests",
        "/api/stories/trial/playtests", "/api/playtests/{r}", "/api/playtests/{r}/report", "/api/analytics/stories/{r}", "/api/{r}", "/{r}", "/api/sessions/{id}/{r}",
    ];

    private readonly TestStories _stories = new();
    private readonly StoryServerFactory _factory;
    private readonly HttpClient _client;

    public HostileInputTests()
    {
        _factory = StoryServerFactory.WithStories(_stories);
        _factory.Settings["StoryServer:MaxRequestBodyBytes"] = "65536";
        _factory.Settings["StoryServer:Playtests:MaxPlaythroughs"] = "20";
        _client = _factory.CreateClient();
    }

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
        _stories.Dispose();
    }

    [Fact]
    public async Task RandomRequests_AreAnsweredWithProblems_AndChangeNoSessionState()
    {
        var session = await CreateAsync(_client, "trial");
        await AdvanceAsync(_client, session);
        await AdvanceAsync(_client, session);
        var baseline = await SaveAsync(_client, session);
        var seen = new HashSet<int>();

        await Gen.Select(Gen.Int, Gen.Int[0, 100]).SampleAsync(async (seed, oversizedChance) =>
        {
            var random = new Random(seed);
            using var request = BuildRequest(random, session, oversizedChance < 15);
            var described = $"{request.Method} {request.RequestUri} ({request.Content?.Headers.ContentType})";
            using var response = await _client.SendAsync(request);
            var status = (int)response.StatusCode;
            seen.Add(status);
            Assert.True(status < 500, $"{described} -> {status}: {await response.Content.ReadAsStringAsync()}");
            var touchedSession = request.RequestUri!.OriginalString.Contains(session.Id, StringComparison.Ordinal);
            if (status >= 400)
            {
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
                Assert.StartsWith(StoryServerProblems.TypePrefix, (string?)problem["type"], StringComparison.Ordinal);
                Assert.Equal(status, (int?)problem["status"]);
                if (touchedSession)
                {
                    Assert.Equal(baseline, await SaveAsync(_client, session));
                }
            }
            else if (touchedSession && request.Method != HttpMethod.Get)
            {
                // A random request that was valid (say {"option": 1} with the right token) may move the session on: start a fresh one.
                if (request.Method == HttpMethod.Delete || (await GetAsync(_client, session)).Status != HttpStatusCode.OK)
                {
                    session = await CreateAsync(_client, "trial");
                }

                baseline = await SaveAsync(_client, session);
            }
        }, iter: 400, threads: 1);

        // The random requests reached the common kinds of refusal, not only one (rarer ones, such as 409, are not required).
        Assert.Superset(new HashSet<int> { 400, 401, 403, 404, 405, 413, 415 }, seen);
    }

    private static HttpRequestMessage BuildRequest(Random random, ClientSession session, bool oversized)
    {
        var method = random.Next(10) switch
        {
            < 5 => HttpMethod.Post,
            < 8 => HttpMethod.Get,
            8 => HttpMethod.Delete,
            _ => random.Next(2) == 0 ? HttpMethod.Put : HttpMethod.Patch,
        };
        var path = Paths[random.Next(Paths.Length)]
            .Replace("{id}", session.Id, StringComparison.Ordinal)
            .Replace("{rid}", RandomId(random), StringComparison.Ordinal)
            .Replace("{r}", Uri.EscapeDataString(PathText(random)), StringComparison.Ordinal);
        var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        switch (random.Next(4))
        {
            case 0:
                request.Headers.TryAddWithoutValidation("X-Session-Token", session.Token);
                break;
            case 1:
                request.Headers.TryAddWithoutValidation("X-Session-Token", RandomAscii(random, random.Next(0, 300)));
                break;
            case 2:
                request.Headers.TryAddWithoutValidation("X-Session-Token", session.Token[..^1] + (session.Token[^1] == 'A' ? 'B' : 'A'));
                break;
        }

        // Whatever the client accepts, a refusal is problem JSON.
        if (Accepts[random.Next(Accepts.Length)] is { Length: > 0 } accept)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        if (method != HttpMethod.Get || random.Next(4) == 0)
        {
            var body = oversized ? "{\"story\":\"" + new string('a', 70_000) + "\"}" : RandomBody(random);
            var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            var type = oversized ? "application/json" : ContentTypes[random.Next(ContentTypes.Length)];
            if (type.Length > 0)
            {
                content.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
            }

            request.Content = content;
        }

        return request;
    }

    private static string RandomBody(Random random) => random.Next(6) switch
    {
        0 => RandomText(random, 200),
        1 => string.Empty,
        2 => Truncate(RandomJson(random, 0)?.ToJsonString() ?? "null", random),
        _ => RandomJson(random, 0)?.ToJsonString() ?? "null",
    };

    private static string Truncate(string json, Random random) => json.Length <= 1 ? json : json[..random.Next(1, json.Length)];

    private static JsonNode? RandomJson(Random random, int depth)
    {
        var kind = depth > 3 ? random.Next(6) : random.Next(9);
        switch (kind)
        {
            case 0: return null;
            case 1: return JsonValue.Create(random.Next(2) == 0);
            case 2: return JsonValue.Create(random.Next(-3, 6));
            case 3: return JsonValue.Create(random.NextDouble() * Math.Pow(10, random.Next(-5, 300)) * (random.Next(2) == 0 ? -1 : 1));
            case 4: return JsonValue.Create(RandomText(random, 30));
            case 5: return JsonValue.Create(random.Next(3) == 0 ? "trial" : ulong.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture));
            case 6:
                var array = new JsonArray();
                for (var i = random.Next(4); i > 0; i--)
                {
                    array.Add(RandomJson(random, depth + 1));
                }

                return array;
            default:
                var obj = new JsonObject();
                for (var i = random.Next(5); i > 0; i--)
                {
                    obj[Keys[random.Next(Keys.Length)]] = RandomJson(random, depth + 1);
                }

                return obj;
        }
    }

    private static string RandomId(Random random)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        var chars = new char[random.Next(3) == 0 ? random.Next(0, 40) : 24];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = alphabet[random.Next(alphabet.Length)];
        }

        return chars.Length == 0 ? "x" : new string(chars);
    }

    private static string RandomText(Random random, int max)
    {
        var chars = new char[random.Next(1, max)];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = random.Next(4) switch
            {
                0 => (char)random.Next(0x20, 0x7F),
                1 => "{}[]\":,\\/.%?#&=+ \t\n\0"[random.Next(20)],
                2 => (char)random.Next(0x80, 0xD7FF),
                _ => (char)random.Next('a', 'z' + 1),
            };
        }

        return new string(chars);
    }

    // TestServer's client refuses a NUL in the path before the app sees it (Kestrel answers 400 for one itself).
    private static string PathText(Random random)
    {
        var text = RandomText(random, 40).Replace("\0", string.Empty, StringComparison.Ordinal);
        return text.Length == 0 ? "x" : text;
    }

    private static string RandomAscii(Random random, int length)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = (char)random.Next(0x21, 0x7F);
        }

        return new string(chars);
    }
}
