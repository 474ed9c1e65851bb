using System.Text.Json.Nodes;
using CsCheck;
using GameBook.Runtime;

namespace GameBook.Core.Tests.Saves;

/// <summary>
/// Tampered saves: every field of real saves (mid-node, in a detour, awaiting a choice, finished) mutated, removed,
/// duplicated, reordered and truncated, with the checksum recomputed (anyone can recompute a plain one). Each is refused
/// with a message, or accepted and harmless: it restores a session that runs without an InvalidProgram fault or an
/// exception. With a host key, every edit is refused by the signature.
/// </summary>
public class SaveTamperTests
{
    private static readonly Lazy<Story> Bakery = new(() => SaveFixtureTests.Bakery());

    /// <summary>Saves at several points of the bakery story: (steps, then stop at the option set).</summary>
    private static readonly (int Steps, bool AtOptions)[] Points = [(1, false), (3, false), (6, true), (11, false), (12, true), (40, false)];

    private static string SaveAt(int steps, bool atOptions)
    {
        var session = Bakery.Value.CreateSession(new SessionOptions { Seed = 42 });
        var choice = 0;
        for (var i = 0; i < steps; i++)
        {
            if (SaveFixtureTests.Step(session, ref choice) == "end")
            {
                break;
            }
        }

        if (atOptions)
        {
            Assert.Equal(StepKind.Options, session.Next().Kind);
        }

        return session.Save().ToJson();
    }

    /// <summary>Every mutation of every value, array and object in the save's JSON tree.</summary>
    private static IEnumerable<(string What, string Json)> Mutations(string json)
    {
        var original = JsonNode.Parse(json)!.ToJsonString();
        return AllMutations(json).Where(m => m.Json != original);
    }

    private static IEnumerable<(string What, string Json)> AllMutations(string json)
    {
        var root = JsonNode.Parse(json)!;
        var paths = new List<JsonNode>();
        Collect(root, paths);
        foreach (var target in paths.Skip(1))
        {
            var path = target.GetPath();
            foreach (var (what, replacement) in Replacements(target))
            {
                var copy = JsonNode.Parse(json)!;
                var node = Find(copy, path);
                if (node?.Parent is JsonObject parentObject)
                {
                    var key = parentObject.Single(p => ReferenceEquals(p.Value, node)).Key;
                    parentObject[key] = replacement;
                }
                else if (node?.Parent is JsonArray parentArray)
                {
                    parentArray[parentArray.IndexOf(node)] = replacement;
                }

                yield return ($"{path} {what}", copy.ToJsonString());
            }

            if (target.Parent is JsonObject)
            {
                var copy = JsonNode.Parse(json)!;
                var node = Find(copy, path)!;
                var parent = (JsonObject)node.Parent!;
                parent.Remove(parent.Single(p => ReferenceEquals(p.Value, node)).Key);
                yield return ($"{path} removed", copy.ToJsonString());
            }

            if (target is JsonArray { Count: > 0 } array)
            {
                foreach (var (what, edit) in new (string, Action<JsonArray>)[]
                {
                    ("first removed", a => a.RemoveAt(0)),
                    ("last removed", a => a.RemoveAt(a.Count - 1)),
                    ("first duplicated", a => a.Insert(0, a[0]!.DeepClone())),
                    ("last duplicated", a => a.Add(a[^1]!.DeepClone())),
                    ("reversed", a => { var items = a.Select(x => x!.DeepClone()).Reverse().ToList(); a.Clear(); items.ForEach(a.Add); }),
                    ("emptied", a => a.Clear()),
                })
                {
                    var copy = JsonNode.Parse(json)!;
                    edit((JsonArray)Find(copy, path)!);
                    yield return ($"{path} {what}", copy.ToJsonString());
                }
            }
        }
    }

    private static void Collect(JsonNode node, List<JsonNode> into)
    {
        into.Add(node);
        switch (node)
        {
            case JsonObject o:
                foreach (var (_, value) in o)
                {
                    if (value is not null)
                    {
                        Collect(value, into);
                    }
                }

                break;
            case JsonArray a:
                foreach (var value in a)
                {
                    if (value is not null)
                    {
                        Collect(value, into);
                    }
                }

                break;
        }
    }

    private static JsonNode? Find(JsonNode root, string path)
    {
        foreach (var node in Enumerate(root))
        {
            if (node.GetPath() == path)
            {
                return node;
            }
        }

        return null;
    }

    private static List<JsonNode> Enumerate(JsonNode root)
    {
        var list = new List<JsonNode>();
        Collect(root, list);
        return list;
    }

    private static IEnumerable<(string, JsonNode?)> Replacements(JsonNode node)
    {
        if (node is JsonValue value)
        {
            if (value.TryGetValue<double>(out var n))
            {
                foreach (var m in new[] { n + 1, n - 1, 0, -1, 1e300, n + 0.5 })
                {
                    yield return ($"= {m}", JsonValue.Create(m));
                }

                yield return ("= \"1\"", JsonValue.Create("1"));
            }
            else if (value.TryGetValue<bool>(out var b))
            {
                yield return ($"= {!b}", JsonValue.Create(!b));
            }
            else if (value.TryGetValue<string>(out var s))
            {
                foreach (var m in new[] { "", s + "x", "Start", "Cellar", "Goodbye", "Apple", "Plum", "line:Start-00000000", "Running", "AwaitingChoice", "Ended", "Faulted", "18446744073709551615", "0" })
                {
                    yield return ($"= \"{m}\"", JsonValue.Create(m));
                }
            }
        }

        yield return ("= null", null);
        yield return ("= {}", new JsonObject());
        yield return ("= []", new JsonArray());
    }

    /// <summary>Refused with a message, or restores a session that runs 40 steps with no InvalidProgram fault and no exception.</summary>
    private static string Judge(string json, SaveKey? key = null)
    {
        var read = key is null ? SessionSnapshot.FromJson(json) : SessionSnapshot.FromJson(json, key);
        if (!read.Success)
        {
            Assert.False(string.IsNullOrWhiteSpace(read.Error));
            return "refused: " + read.Error;
        }

        var restored = Bakery.Value.Restore(read.Snapshot!);
        if (!restored.Success)
        {
            Assert.False(string.IsNullOrWhiteSpace(restored.Error));
            return "refused: " + restored.Error;
        }

        var session = restored.Session!;
        for (var i = 0; i < 40; i++)
        {
            var step = session.Next();
            if (step.Kind == StepKind.Error)
            {
                Assert.NotEqual(StoryErrorKind.InvalidProgram, step.Error!.Kind);
                break;
            }

            if (step.Kind == StepKind.End)
            {
                break;
            }

            if (step.Kind == StepKind.Options)
            {
                session.Choose(step.Options.AvailableCount == 0 ? StorySession.NoOption : step.Options.First(o => o.IsAvailable).Index);
            }
        }

        return "accepted";
    }

    [Fact]
    public void EveryFieldMutated_WithTheChecksumRecomputed_IsRefusedOrHarmless()
    {
        var accepted = new List<string>();
        var count = 0;
        foreach (var point in Points)
        {
            foreach (var (what, json) in Mutations(SaveAt(point.Steps, point.AtOptions)))
            {
                count++;
                if (what.StartsWith("$.integrity", StringComparison.Ordinal))
                {
                    // Resealing would undo this edit: the integrity field itself must be right.
                    Assert.StartsWith("refused", Judge(json), StringComparison.Ordinal);
                    continue;
                }

                if (Judge(SnapshotJson.Reseal(json, null)) == "accepted")
                {
                    accepted.Add(what);
                }
            }
        }

        Assert.True(count > 1000, $"only {count} mutations");

        // What may be accepted is state a plain checksum cannot protect (signed saves refuse it, below) and that a session
        // could be in: variable values, the random state, inventory and view counts; the variables' order; a finished
        // state; an outer detour frame dropped, or a position moved to a node's start (where StartNode and JumpTo begin);
        // the fingerprint or content hash alone (a save is of the same story when either matches); pending options'
        // availability and substitution values (recomputed on restore, see OptionAvailability_IsRecomputed); format version 3
        // (which differs from 4 only in how unsubtitled node-group members are named, and the bakery has none).
        var allowed = new System.Text.RegularExpressions.Regex(
            @"^\$\.(random|fingerprint|content|inventory|views|options\[\d+\]\.(available|values)|variables\[\d+\]\.value|variables\[\d+\]\.value\.[nsbe]|inventory\.\w+|views\.[^ ]+|random\[\d\])( |$)"
            + @"|^\$\.formatVersion = 3$|^\$\.variables reversed$|^\$\.state = ""Ended""$|^\$\.frames first removed$|^\$\.frames\[\d\]\.pc (= 0|removed)$");
        var unexpected = accepted.Where(a => !allowed.IsMatch(a)).ToList();
        Assert.True(unexpected.Count == 0, $"{unexpected.Count} unexpected edits were accepted:\n{string.Join("\n", unexpected.Take(40))}");
    }

    [Fact]
    public void EveryFieldMutated_OfASignedSave_IsRefusedByTheSignature()
    {
        var key = new SaveKey(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
        var json = Bakery.Value.Restore(SessionSnapshot.FromJson(SaveAt(6, true)).Snapshot!).Session!.Save().ToJson(key);
        Assert.StartsWith("accepted", Judge(json, key), StringComparison.Ordinal);
        foreach (var (what, mutated) in Mutations(json))
        {
            if (SnapshotJson.Reseal(mutated, key) == json)
            {
                continue; // the same content (e.g. a false value removed: false is the default)
            }

            var read = SessionSnapshot.FromJson(mutated, key);
            Assert.False(read.Success, what);
            Assert.False(string.IsNullOrWhiteSpace(read.Error));
        }
    }

    [Fact]
    public void OptionAvailability_IsRecomputed_NotTrusted()
    {
        var json = JsonNode.Parse(SaveAt(6, true))!;
        json["options"]![2]!["available"] = true; // "Buy a castle" needs 100 gold
        json["options"]![0]!["available"] = false; // "Buy a pie" is affordable
        var read = SessionSnapshot.FromJson(SnapshotJson.Reseal(json.ToJsonString(), null));
        Assert.True(read.Success, read.Error);

        var restored = Bakery.Value.Restore(read.Snapshot!).Session!;
        var options = restored.Next().Options;
        Assert.Equal(["Buy a pie", "Count coins", "Buy a castle [disabled]", "Leave"], options.Select(o => o.ToString()));
        Assert.Throws<ArgumentOutOfRangeException>(() => restored.Choose(2));
    }

    [Fact]
    public void TruncatedSaves_AreRefused()
    {
        foreach (var point in Points)
        {
            var json = SaveAt(point.Steps, point.AtOptions);
            for (var length = 0; length < json.Length; length += 3)
            {
                var read = SessionSnapshot.FromJson(json[..length]);
                Assert.False(read.Success, $"accepted the first {length} characters");
                Assert.False(string.IsNullOrWhiteSpace(read.Error));
            }
        }
    }

    [Fact]
    public void DuplicatedKeysAndReorderedProperties_AreRefusedOrReadAsTheirLastValue()
    {
        var json = SaveAt(6, true);
        var root = JsonNode.Parse(json)!.AsObject();

        // Properties in another order: the checksum is over the content, not the text.
        var reordered = new JsonObject(root.Reverse().Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));
        Assert.StartsWith("accepted", Judge(reordered.ToJsonString()), StringComparison.Ordinal);

        foreach (var (key, value) in root)
        {
            // A duplicate before the real property is overridden by it (the same save); after it, it changes the content.
            var text = root.ToJsonString();
            var property = $"\"{key}\":";
            var at = text.IndexOf(property, StringComparison.Ordinal);
            var before = text.Insert(at, $"\"{key}\":{value!.ToJsonString()},");
            var after = text.Insert(text.Length - 1, $",\"{key}\":null");
            Assert.True(Judge(before) == "accepted", key);
            Judge(after);
            Judge(SnapshotJson.Reseal(after, null));
        }
    }

    [Fact]
    public void RandomTextMutations_WithTheChecksumRecomputed_NeverFaultLater()
    {
        var saves = Points.Select(p => SaveAt(p.Steps, p.AtOptions)).ToArray();
        Gen.Select(Gen.Int[0, saves.Length - 1], Gen.Int[0, 100_000], Gen.Int[0, 6], Gen.Char["{}[]\":,0123456789-eE.tfn \\xSCae"]).Array[1, 4].Sample(edits =>
        {
            var json = saves[edits[0].Item1];
            var chars = json.ToCharArray().ToList();
            foreach (var (_, position, length, c) in edits)
            {
                var at = position % chars.Count;
                chars.RemoveRange(at, Math.Min(length, chars.Count - at));
                chars.Insert(at, c);
            }

            Judge(SnapshotJson.Reseal(new string([.. chars]), null));
        }, iter: 2000);
    }
}
