using System.Collections.Immutable;
using System.Diagnostics.Metrics;
using CsCheck;
using GameBook.Compilation;
using GameBook.Hosting;
using GameBook.Runtime;
using GameBook.Samples.Web.Operations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Primitives;
using Microsoft.Extensions.Time.Testing;

namespace GameBook.Samples.Web.Tests;

/// <summary>The operations half's parts on their own: request statistics, key comparison, the catalog check, the story graph.</summary>
public sealed class OperationsUnitTests
{
    [Fact]
    public void BucketOf_PutsEveryDurationInTheFirstBucketWhoseUpperBoundHoldsIt() =>
        Gen.Double[0.0001, 100_000].Sample(ms =>
        {
            var bucket = RequestStatistics.BucketOf(ms);
            Assert.InRange(bucket, 0, 61);
            if (bucket < 61)
            {
                Assert.True(RequestStatistics.UpperBoundMs(bucket) >= ms, $"{ms} ms above bucket {bucket}'s bound");
            }

            if (bucket > 0)
            {
                Assert.True(RequestStatistics.UpperBoundMs(bucket - 1) < ms, $"{ms} ms fits bucket {bucket - 1}");
            }
        });

    [Fact]
    public void Percentile_IsWithinOneBucketOfTheExactValue() =>
        Gen.Double[0.05, 5000].Array[1, 300].Sample(values =>
        {
            var histogram = new int[62];
            foreach (var v in values)
            {
                histogram[RequestStatistics.BucketOf(v)]++;
            }

            var sorted = values.Order().ToArray();
            foreach (var q in new[] { 0.5, 0.99 })
            {
                var exact = sorted[(int)Math.Ceiling(q * sorted.Length) - 1];
                var estimate = RequestStatistics.Percentile(histogram, values.Length, q, sorted[^1])!.Value;
                Assert.InRange(estimate, exact, Math.Max(exact * 1.25, 0.1) + 1e-9);
            }
        });

    [Fact]
    public void RequestStatistics_CountsRequestsPerSecondWithLatencyAndErrors_AndLeavesOutTheStream()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        using var statistics = new RequestStatistics(meters, time, TimeSpan.FromMinutes(1), ["/api/dashboard/stream"]);
        var meter = meters.Create(RequestStatistics.HostingMeter);
        var duration = meter.CreateHistogram<double>(RequestStatistics.DurationInstrument, "s");

        for (var i = 1; i <= 100; i++)
        {
            duration.Record(i / 1000.0, new("http.route", "/api/sessions/{id}/choose"), new("http.response.status_code", i <= 2 ? 500 : i <= 5 ? 404 : 200));
        }

        duration.Record(120.0, new("http.route", "/api/dashboard/stream"), new("http.response.status_code", 200));
        time.Advance(TimeSpan.FromSeconds(1));
        duration.Record(0.002, new("http.route", "/"), new("http.response.status_code", 200));
        time.Advance(TimeSpan.FromSeconds(1));

        var snapshot = statistics.GetSnapshot(TimeSpan.FromSeconds(10));

        Assert.Equal(101, snapshot.Total);
        Assert.Equal(10, snapshot.Points.Count);
        var busy = snapshot.Points[^2];
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero), busy.Timestamp);
        Assert.Equal(100, busy.Requests);
        Assert.Equal(2, busy.ServerErrors);
        Assert.Equal(3, busy.ClientErrors);
        Assert.Equal(50.5, busy.MeanMs!.Value, 6);
        Assert.Equal(100, busy.MaxMs);
        Assert.InRange(busy.P50Ms!.Value, 50, 50 * 1.25);
        Assert.InRange(busy.P99Ms!.Value, 99, 100);
        Assert.Equal(1, snapshot.Points[^1].Requests);
        Assert.Equal(0, snapshot.Points[0].Requests);
        Assert.Null(snapshot.Points[0].P50Ms);
        Assert.Equal(10.1, snapshot.RequestsPerSecond, 6);
        Assert.Equal(0.2, snapshot.ServerErrorsPerSecond, 6);
    }

    [Fact]
    public void RequestStatistics_IgnoresTheHostingMeterOfAnotherHost()
    {
        var time = new FakeTimeProvider();
        using var ours = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var theirs = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var statistics = new RequestStatistics(ours.GetRequiredService<IMeterFactory>(), time, TimeSpan.FromMinutes(1), []);
        var other = theirs.GetRequiredService<IMeterFactory>().Create(RequestStatistics.HostingMeter)
            .CreateHistogram<double>(RequestStatistics.DurationInstrument, "s");

        other.Record(0.01);

        Assert.Equal(0, statistics.GetSnapshot(TimeSpan.FromSeconds(10)).Total);
    }

    [Fact]
    public void RequestStatistics_ForgetsSecondsOlderThanItsHistory()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        using var statistics = new RequestStatistics(meters, time, TimeSpan.FromSeconds(30), []);
        var duration = meters.Create(RequestStatistics.HostingMeter).CreateHistogram<double>(RequestStatistics.DurationInstrument, "s");

        duration.Record(0.001);
        time.Advance(TimeSpan.FromSeconds(31));
        var snapshot = statistics.GetSnapshot(TimeSpan.FromMinutes(10));

        Assert.Equal(30, snapshot.Points.Count);
        Assert.All(snapshot.Points, p => Assert.Equal(0, p.Requests));
        Assert.Equal(1, snapshot.Total);
    }

    [Fact]
    public void KeysEqual_MatchesOnlyTheSameKey() =>
        Gen.String.Select(Gen.String).Sample((a, b) =>
        {
            Assert.True(DashboardAccess.KeysEqual(a, a));
            Assert.Equal(a == b, DashboardAccess.KeysEqual(a, b));
        });

    [Theory]
    [InlineData("/dashboard", true)]
    [InlineData("/dashboard/", true)]
    [InlineData("/DASHBOARD/", true)]
    [InlineData("/Dashboard.html", true)]
    [InlineData("/api/dashboard", true)]
    [InlineData("/api/dashboard/stream", true)]
    [InlineData("/api/analytics/stories/x", true)]
    [InlineData("/api/dashboards", false)]
    [InlineData("/dashboard/../health/live", false)]
    [InlineData("/js/dashboard.js", false)]
    [InlineData("/health/ready", false)]
    [InlineData("/", false)]
    public void IsDashboardPath_CoversThePageAndItsApisOnly(string path, bool expected) =>
        Assert.Equal(expected, DashboardAccess.IsDashboardPath(new PathString(path)));

    [Fact]
    public async Task StoryCatalogCheck_ReportsEmptyBrokenAndGoodCatalogs()
    {
        var good = Compile("title: Start\n---\nHello.\n===\n");
        Assert.Equal(HealthStatus.Unhealthy, (await Check(null)).Status);
        Assert.Equal(HealthStatus.Unhealthy, (await Check(new FakeCatalog([]))).Status);
        var healthy = await Check(new FakeCatalog([("good", good, false)]));
        Assert.Equal(HealthStatus.Healthy, healthy.Status);
        var degraded = await Check(new FakeCatalog([("good", good, false), ("edited", good, true)]));
        Assert.Equal(HealthStatus.Degraded, degraded.Status);
        Assert.Contains("edited", degraded.Description, StringComparison.Ordinal);
        var broken = await Check(new FakeCatalog([("edited", good, true)]));
        Assert.Equal(HealthStatus.Unhealthy, broken.Status);
        Assert.Contains("edited", broken.Description, StringComparison.Ordinal);

        // A story that never compiled has no version to serve, but the catalog still names it.
        var neverCompiled = await Check(new FakeCatalog([("good", good, false)], neverCompiled: ["typo"]));
        Assert.Equal(HealthStatus.Degraded, neverCompiled.Status);
        Assert.Contains("typo", neverCompiled.Description, StringComparison.Ordinal);
        Assert.Equal("typo", neverCompiled.Data["withErrors"]);
        Assert.Equal(HealthStatus.Unhealthy, (await Check(new FakeCatalog([], neverCompiled: ["typo"]))).Status);
    }

    [Fact]
    public void StoryGraph_FollowsOptionsJumpsAndNestedOptionsToTheirNodes()
    {
        var story = Compile("""
            title: Start
            ---
            <<declare $key = false>>
            Two doors.
            -> Left
                <<jump Left>>
            -> Right
                Behind it, another choice.
                -> Up
                    <<jump Up>>
                -> Down
                    <<detour Down>>
                    <<jump Left>>
            -> Locked <<if $key>>
                <<jump Secret>>
            ===
            title: Left
            tags: ending
            ---
            The end.
            ===
            title: Up
            ---
            <<jump Left>>
            ===
            title: Down
            ---
            Down here.
            ===
            title: Secret
            ---
            Hidden.
            ===
            """);

        var graph = StoryGraphBuilder.Build("doors", story);

        var edges = graph.Edges.Select(e => (e.From, e.To, e.Text)).ToHashSet();
        Assert.Contains(("Start", "Left", "Left"), edges);
        Assert.Contains(("Start", "Left", "Up"), edges); // Up only jumps on: the first node where something happens is Left
        Assert.Contains(("Start", "Down", "Down"), edges);
        Assert.Contains(("Up", "Left", (string?)null), edges);
        Assert.DoesNotContain(graph.Edges, e => e.To == "Secret"); // unavailable with the starting state
        Assert.DoesNotContain(graph.Edges, e => e.From == "Left");
        Assert.False(graph.Truncated);
        Assert.Equal(5, graph.Nodes.Count);
        Assert.True(graph.Nodes.Single(n => n.Id == "Left").IsEnding);
        var startSets = graph.Edges.Where(e => e.From == "Start").Select(e => e.OptionSetKey).Distinct().Count();
        Assert.Equal(2, startSets); // the outer set and the nested one under Right
    }

    [Fact]
    public void StoryGraph_OfTheBundledStory_ReachesItsEndingsWithoutCountingSessions()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "stories", "the-lanternkeepers-oath.yarn");
        var story = Compile(File.ReadAllText(path));
        using var listener = new MeterListener();
        long sessions = 0;
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "GameBook.Core")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };

        // The meter is process-wide and other test classes run sessions in parallel; the builder works on the calling
        // thread, and a counter reports on the thread that adds to it, so only this thread's sessions count.
        var thread = Environment.CurrentManagedThreadId;
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            if (instrument.Name == "gamebook.session.started" && Environment.CurrentManagedThreadId == thread)
            {
                Interlocked.Add(ref sessions, value);
            }
        });
        listener.Start();

        var graph = StoryGraphBuilder.Build("the-lanternkeepers-oath", story);

        Assert.Equal(0, Interlocked.Read(ref sessions));
        var targets = graph.Edges.Select(e => e.To).ToHashSet();
        Assert.Contains("OrlasCottage", targets);
        Assert.True(graph.Nodes.Count(n => n.IsEnding && targets.Contains(n.Id)) >= 3, "the probe should reach several endings");
    }

    private static Story Compile(string source)
    {
        var result = StoryCompiler.Compile([new StorySource("test.yarn", source)]);
        Assert.True(result.Story is not null, string.Join(Environment.NewLine, result.Diagnostics));
        return result.Story!;
    }

    private static Task<HealthCheckResult> Check(IStoryCatalog? catalog)
    {
        var services = new ServiceCollection();
        if (catalog is not null)
        {
            services.AddSingleton(catalog);
        }

        using var provider = services.BuildServiceProvider();
        return new StoryCatalogHealthCheck(provider).CheckHealthAsync(new HealthCheckContext());
    }

    private sealed class FakeCatalog(IReadOnlyList<(string Name, Story Story, bool LatestHasErrors)> stories, string[]? neverCompiled = null) : IStoryCatalog
    {
        private static readonly Diagnostic Error = StoryCompiler.Compile([new StorySource("bad.yarn", "title: Start\n---\n<<jump Nowhere>>\n===\n")])
            .Diagnostics.First(d => d.Severity == DiagnosticSeverity.Error);

        public IReadOnlyDictionary<string, Story> Stories => stories.ToDictionary(s => s.Name, s => s.Story);

        public event EventHandler<StoryCatalogChangedEventArgs>? Changed
        {
            add { }
            remove { }
        }

        public bool TryGetStory(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Story? story) => Stories.TryGetValue(name, out story);

        public IReadOnlyCollection<string> Names => [.. stories.Select(s => s.Name), .. neverCompiled ?? []];

        public ImmutableArray<Diagnostic> GetDiagnostics(string name) =>
            stories.Any(s => s.Name == name && s.LatestHasErrors) || (neverCompiled ?? []).Contains(name) ? [Error] : [];

        public IChangeToken GetChangeToken() => NullChangeToken.Singleton;
    }
}
