using System.Text.Json;
using GameBook.Authoring.Export.Json;
using Json.Schema;

namespace GameBook.Authoring.Tests.Export;

public sealed class StoryJsonExporterTests
{
    private static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromText(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Export", "story-json.schema.json"))));

    [Fact]
    public void Export_TowerStory_IsValidAgainstTheSchema()
    {
        var json = StoryJsonExporter.Export(ExportFixtures.Compile(ExportFixtures.Tower));
        AssertValid(json);
        AssertValid(StoryJsonExporter.Export(ExportFixtures.Compile(ExportFixtures.Tower), new StoryJsonOptions { Indented = false, IncludeRanges = false }));
    }

    [Fact]
    public void Export_TowerStory_HasVersionVariablesNodesLinesOptionsAndCommands()
    {
        using var doc = JsonDocument.Parse(StoryJsonExporter.Export(ExportFixtures.Compile(ExportFixtures.Tower)));
        var root = doc.RootElement;
        Assert.Equal("gamebook-story", root.GetProperty("format").GetString());
        Assert.Equal(1, root.GetProperty("formatVersion").GetInt32());
        var gold = root.GetProperty("variables").EnumerateArray().Single(v => v.GetProperty("name").GetString() == "$gold");
        Assert.Equal("Number", gold.GetProperty("type").GetProperty("name").GetString());
        Assert.Equal(5, gold.GetProperty("initialValue").GetDouble());
        var nodes = root.GetProperty("nodes").EnumerateArray().ToList();
        Assert.Equal(8, nodes.Count);
        var start = nodes[0];
        Assert.Equal("outside", start.GetProperty("headers").EnumerateArray().Single(h => h.GetProperty("key").GetString() == "group").GetProperty("value").GetString());
        var body = start.GetProperty("body").EnumerateArray().ToList();
        var line = body.First(s => s.GetProperty("kind").GetString() == "line");
        Assert.StartsWith("line:", line.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal("You stand at the foot of the old tower. The door is shut.", line.GetProperty("text").GetString());
        var options = body.Single(s => s.GetProperty("kind").GetString() == "options").GetProperty("options").EnumerateArray().ToList();
        Assert.Equal(3, options.Count);
        var ivy = options[1];
        Assert.Equal("$brave", ivy.GetProperty("condition").GetProperty("yarn").GetString());
        Assert.Equal("variable", ivy.GetProperty("condition").GetProperty("expression").GetProperty("kind").GetString());
        var give = options[2].GetProperty("body").EnumerateArray().First();
        Assert.Equal("command", give.GetProperty("kind").GetString());
        Assert.Equal("give", give.GetProperty("name").GetString());
        Assert.Equal("give \"lantern\"", give.GetProperty("text").GetString());
        var set = options[2].GetProperty("body").EnumerateArray().ElementAt(1);
        Assert.Equal("binary", set.GetProperty("value").GetProperty("kind").GetString());
        Assert.Equal("+", set.GetProperty("value").GetProperty("operator").GetString());
        var dark = nodes.Single(n => n.GetProperty("title").GetString() == "Dark");
        Assert.True(dark.GetProperty("ending").GetBoolean());
        Assert.Equal(7, nodes.Single(n => n.GetProperty("title").GetString() == "Ivy").GetProperty("section").GetInt32());
    }

    [Fact]
    public void Export_SameStoryTwice_GivesTheSameText() =>
        Assert.Equal(
            StoryJsonExporter.Export(ExportFixtures.Compile(ExportFixtures.Tower)),
            StoryJsonExporter.Export(ExportFixtures.Compile(ExportFixtures.Tower)));

    [Fact]
    public void Export_DeepExpressionsAndNesting_StaysValidJson()
    {
        var deep = string.Join(" + ", Enumerable.Range(0, 300).Select(i => "$x"));
        var nested = new System.Text.StringBuilder("title: Start\n---\n<<declare $x = 1>>\n");
        for (var i = 0; i < 60; i++)
        {
            nested.Append(new string(' ', i * 4)).Append("<<if $x > ").Append(i).Append(">>\n");
        }

        nested.Append(new string(' ', 60 * 4)).Append("<<set $x to ").Append(deep).Append(">>\n");
        for (var i = 59; i >= 0; i--)
        {
            nested.Append(new string(' ', i * 4)).Append("<<endif>>\n");
        }

        nested.Append("===\n");
        var json = StoryJsonExporter.Export(ExportFixtures.Compile(nested.ToString()));
        using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 10_000 });
        Assert.Equal(1, doc.RootElement.GetProperty("nodes").GetArrayLength());
    }

    [Fact]
    public void Export_NonAsciiAndQuotes_AreWrittenReadably()
    {
        var json = StoryJsonExporter.Export(ExportFixtures.Compile("title: Start\n---\nÈ già \"qui\" — 火\n===\n"));
        Assert.Contains("È già \\\"qui\\\" — 火", json, StringComparison.Ordinal);
        AssertValid(json);
    }

    [Fact]
    public void Outline_ConditionExpression_IsATreeThatPrintsAsYarn()
    {
        var story = ExportFixtures.Compile("title: Start\n---\n<<declare $gold = 1>>\n<<declare $brave = true>>\n-> Go <<if $gold > 3 and (has(\"lamp\") or not $brave)>>\n    <<set $gold += 2>>\n===\n");
        var options = Assert.IsType<GameBook.Outline.OutlineOptions>(story.Outline!.Nodes[0].Body[2]);
        var condition = options.Options[0].Condition!.Expression!;
        Assert.Equal("($gold > 3) and (has(\"lamp\") or not $brave)", condition.ToString());
        Assert.Equal(GameBook.Outline.OutlineOperator.And, condition.Operator);
        Assert.Equal("has", condition.Operands[1].Operands[0].Name);
        var set = Assert.IsType<GameBook.Outline.OutlineSet>(options.Options[0].Body[0]);
        Assert.Equal(GameBook.Outline.OutlineOperator.Add, set.CompoundOperator);
        Assert.Equal("2", set.Value.ToString());
    }

    internal static void AssertValid(string json)
    {
        using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 10_000 });
        var result = Schema.Value.Evaluate(doc.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (!result.IsValid)
        {
            var errors = (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
                .Take(10).Select(d => $"{d.InstanceLocation}: {string.Join("; ", d.Errors!.Values)}");
            Assert.Fail("The export does not match docs/story-json.schema.json:\n" + string.Join("\n", errors));
        }
    }
}
