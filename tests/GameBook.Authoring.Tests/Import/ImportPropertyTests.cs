using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using GameBook.Authoring.Import;
using GameBook.Compilation;

namespace GameBook.Authoring.Tests.Import;

/// <summary>
/// Generated and mutated inputs: generated projects round-trip through Yarn exactly and compile; random and
/// mutated JSON and Twee give diagnostics with valid ranges, never an exception, and Yarn that compiles.
/// </summary>
public class ImportPropertyTests
{
    private static readonly Gen<string> Text = Gen.OneOf(
        Gen.String[Gen.Char["abc XYZ:;,.!?'\"-_/\\[]{}#<>=&\t"], 0, 30],
        Gen.Const("<p>One <b>two</b></p><p>three</p>"),
        Gen.Const("line one\nline two\r\n\nline: three"),
        Gen.Const("==="),
        Gen.Const("<i>open <b>both</i> close</b>"),
        Gen.Const("Città – naïve ✓ \U0001F600"),
        Gen.String[Gen.Char[(char)0, (char)0x3000], 0, 12]);

    private static readonly Gen<JsonObject> Project =
        Gen.Int[1, 25].SelectMany(count =>
            Gen.Shuffle(Enumerable.Range(1, count * 2).ToArray()).SelectMany(ids =>
                Gen.Select(Text, Gen.Int[0, 9].Array[count], Text.Array[count], Text.Array[count], Gen.Int[0, 3].Array[count], Gen.Bool.Array[count], Gen.Int[-1, count].Array[count * 3], Text.Array[count * 3])
                    .Select((title, kinds, titles, contents, actionCounts, positions, targets, actionTexts) =>
                    {
                        var paragraphs = new JsonArray();
                        var used = ids.Take(count).ToArray();
                        for (var i = 0; i < count; i++)
                        {
                            var actions = new JsonArray();
                            for (var k = 0; k < actionCounts[i]; k++)
                            {
                                var t = targets[(i * 3) + k];
                                var target = t < 0 ? "999" : used[Math.Min(t, count - 1)].ToString(CultureInfo.InvariantCulture);
                                actions.Add(new JsonObject { ["text"] = kinds[i] == 0 ? "" : actionTexts[(i * 3) + k], ["N.Par."] = target });
                            }

                            var p = new JsonObject
                            {
                                ["id"] = used[i],
                                ["title"] = titles[i],
                                ["content"] = contents[i],
                                ["type"] = kinds[i] switch { < 3 => "nodo", < 8 => "normale", _ => "finale" },
                                ["actions"] = actions,
                                ["incomingConnections"] = new JsonArray(),
                                ["outgoingConnections"] = new JsonArray(actions.Select(a => (JsonNode?)JsonValue.Create((string?)a!["N.Par."])).ToArray()),
                            };
                            if (kinds[i] % 2 == 0)
                            {
                                p["tags"] = new JsonArray("road", "two words", kinds[i] > 7 ? "ending" : "x");
                            }

                            if (positions[i])
                            {
                                p["x"] = i * 10.5;
                                p["y"] = i;
                                p["locked"] = true;
                                p["image"] = new JsonObject { ["data"] = "data:image/png;base64,iVBORw0KGgo=", ["position"] = "after" };
                                p["font"] = "Georgia";
                                p["fontSize"] = 14;
                            }

                            paragraphs.Add(p);
                        }

                        return new JsonObject
                        {
                            ["bookTitle"] = title,
                            ["author"] = "Gen",
                            ["lastEdited"] = "2024-11-05T18:22:41.512Z",
                            ["paragraphs"] = paragraphs,
                            ["mapSettings"] = new JsonObject { ["backgroundImage"] = null, ["zoom"] = 2 },
                        };
                    })));

    [Fact]
    public void GeneratedProjects_ImportCompileAndExportBackUnchanged()
    {
        Project.Sample(project =>
        {
            var json = project.ToJsonString();
            var result = GameBookStudioImporter.Import(json);
            ImportAssert.Compiles(result);
            var export = GameBookStudioExporter.Export([result.ToStorySource()]);
            Assert.False(export.HasErrors, string.Join("\n", export.Diagnostics));
            ImportAssert.SameJson(json, export.Json!);
        }, iter: 150);
    }

    [Fact]
    public void MutatedProjects_NeverThrow_AndCompileWhenThereIsYarn()
    {
        var seed = Encoding.UTF8.GetBytes(Project.Where(p => p["paragraphs"]!.AsArray().Count > 3).Single().ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        var mutation = Gen.Int[0, seed.Length - 1].SelectMany(at => Gen.Int[0, 4].SelectMany(kind => Gen.Byte.Select(b => (at, kind, b))));
        mutation.Array[1, 6].Sample(edits =>
        {
            var bytes = seed.ToList();
            foreach (var (at, kind, b) in edits)
            {
                var i = Math.Min(at, bytes.Count - 1);
                switch (kind)
                {
                    case 0: bytes[i] = b; break;
                    case 1: bytes.RemoveAt(i); break;
                    case 2: bytes.Insert(i, (byte)"{}[],:\"0-"[b % 9]); break;
                    case 3: bytes.RemoveRange(i, bytes.Count - i); break;
                    default: bytes.Insert(i, b); break;
                }

                if (bytes.Count == 0)
                {
                    bytes.Add((byte)'{');
                }
            }

            var input = bytes.ToArray();
            var result = GameBookStudioImporter.Import(input);
            if (result.Yarn is not null)
            {
                ImportAssert.Compiles(result);
                _ = GameBookStudioExporter.Export([result.ToStorySource()]);
            }
            else
            {
                Assert.Contains(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
            }
        }, iter: 1000);
    }

    private static readonly string[] TweePieces =
    [
        ":: A [t1 t2] {\"position\":\"1,1\"}\n", ":: B\n", ":: C c\n", ":: StoryData\n{\"start\":\"B\"}\n", ":: StoryTitle\nT\n", "::\n", ":: Bad [open\n",
        "[[A]]", "[[go|B]]", "[[go->C c]]", "[[C c<-back]]", "[[Nowhere]]", "[[", "]]", "(set: $n to 1)", "(set: $n to \"s\")", "(set: $b to true)",
        "(if: $b)[yes [[A]]]", "(else:)[no]", "(if: $n > 0)[", "]", "<<set $n to 2>>", "<<if $b>>", "<<else>>", "<</if>>", "<<if $n is 1>>x<</if>>",
        "//it//", "''b''", "text: with colon", "===", "-> x", "{$n}", "#tag", "\\", "\n", "\n", " ", "$n", "(print: $n)", "<<goto \"A\">>",
    ];

    [Fact]
    public void RandomTwee_NeverThrows_AndCompiles()
    {
        Gen.Int[0, TweePieces.Length - 1].Array[0, 40].Sample(picks =>
        {
            var twee = string.Concat(picks.Select(i => TweePieces[i]));
            var result = TweeImporter.Import(twee);
            ImportAssert.Compiles(result);
            ImportAssert.ValidRanges(result, twee);
        }, iter: 400);
    }

    [Fact]
    public void RandomText_AsTwee_NeverThrows_AndCompiles()
    {
        Gen.String[Gen.Char[(char)0, (char)0x7F], 0, 200].Sample(text =>
        {
            var result = TweeImporter.Import(":: Start\n" + text);
            ImportAssert.Compiles(result);
        }, iter: 300);
    }
}
