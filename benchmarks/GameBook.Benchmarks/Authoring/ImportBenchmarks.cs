using System.Globalization;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using GameBook.Authoring.Import;
using GameBook.Compilation;
using GameBook.Runtime;

namespace GameBook.Benchmarks.Authoring;

/// <summary>
/// Import and export of a 2,000-paragraph gamebook (the issue's budget: each under 200 ms). The input is generated
/// deterministically (<see cref="GenerateProject"/>: fixed seed, two or three actions per paragraph, HTML in every
/// fifth paragraph, map positions). The baseline is reading the same JSON into a <see cref="JsonDocument"/>, the
/// least any importer must do; the others import it to Yarn, import its Twee equivalent, and export the compiled
/// import back to JSON.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class ImportBenchmarks
{
    private const int Paragraphs = 2000;
    private string _json = "";
    private byte[] _utf8 = [];
    private string _twee = "";
    private Story _imported = null!;

    [GlobalSetup]
    public void Setup()
    {
        _json = GenerateProject(Paragraphs, seed: 2000);
        _utf8 = Encoding.UTF8.GetBytes(_json);
        _twee = GenerateTwee(Paragraphs, seed: 2000);
        var import = GameBookStudioImporter.Import(_utf8);
        _imported = StoryCompiler.Compile([import.ToStorySource()], new CompileOptions { IncludeOutline = true }).Story
            ?? throw new InvalidOperationException("The generated project's import did not compile.");
    }

    [Benchmark(Baseline = true)]
    public int ParseJsonDocument()
    {
        using var doc = JsonDocument.Parse(_utf8);
        return doc.RootElement.GetProperty("paragraphs").GetArrayLength();
    }

    [Benchmark]
    public string? ImportGameBookStudio() => GameBookStudioImporter.Import(_utf8).Yarn;

    [Benchmark]
    public string? ImportTwee() => TweeImporter.Import(_twee).Yarn;

    [Benchmark]
    public string? ExportGameBookStudio() => GameBookStudioExporter.Export(_imported).Json;

    /// <summary>A GameBook Studio project with <paramref name="count"/> paragraphs, the same for the same seed.</summary>
    public static string GenerateProject(int count, int seed)
    {
        var random = new Random(seed);
        var b = new StringBuilder("{\n  \"bookTitle\": \"Generated\",\n  \"author\": \"Bench\",\n  \"lastEdited\": \"2026-12-01T00:00:00.000Z\",\n  \"paragraphs\": [\n");
        for (var id = 1; id <= count; id++)
        {
            var ending = id > count - 20;
            b.Append(CultureInfo.InvariantCulture, $"    {{ \"id\": {id}, \"title\": \"Section {id}\", \"content\": ");
            b.Append(id % 5 == 0
                ? string.Create(CultureInfo.InvariantCulture, $"\"<p>You reach a <b>fork</b> in the tunnel, number {id}.</p><p>Water drips: choose.</p>\"")
                : string.Create(CultureInfo.InvariantCulture, $"\"The corridor goes on. Torchlight flickers on wet stone ({id}).\\nSomething moves ahead.\""));
            b.Append(CultureInfo.InvariantCulture, $", \"type\": \"{(ending ? "finale" : "nodo")}\", \"actions\": [");
            var actions = ending ? 0 : 2 + random.Next(2);
            for (var a = 0; a < actions; a++)
            {
                var target = Math.Min(count, id + 1 + random.Next(40));
                b.Append(a == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture, $"{{ \"text\": \"Go to {target}\", \"N.Par.\": \"{target}\" }}");
            }

            b.Append(CultureInfo.InvariantCulture, $"], \"incomingConnections\": [], \"outgoingConnections\": [], \"x\": {random.Next(5000)}, \"y\": {random.Next(5000)} }}");
            b.Append(id == count ? "\n" : ",\n");
        }

        return b.Append("  ]\n}\n").ToString();
    }

    /// <summary>A Twee 3 story with <paramref name="count"/> passages, links and Harlowe code, the same for the same seed.</summary>
    public static string GenerateTwee(int count, int seed)
    {
        var random = new Random(seed);
        var b = new StringBuilder(":: StoryTitle\nGenerated\n\n:: StoryData\n{\"ifid\": \"00000000-0000-0000-0000-000000000000\", \"format\": \"Harlowe\", \"start\": \"P1\"}\n\n");
        for (var id = 1; id <= count; id++)
        {
            b.Append(CultureInfo.InvariantCulture, $":: P{id} [t{id % 7}] {{\"position\":\"{random.Next(5000)},{random.Next(5000)}\"}}\n");
            b.Append(CultureInfo.InvariantCulture, $"The corridor goes on ({id}). Torchlight flickers on wet stone.\n(set: $steps to {id})\n");
            if (id <= count - 20)
            {
                var target = Math.Min(count, id + 1 + random.Next(40));
                b.Append(CultureInfo.InvariantCulture, $"(if: $steps > 10)[[[Run->P{target}]]]\n[[Walk|P{Math.Min(count, id + 1)}]]\n");
            }

            b.Append('\n');
        }

        return b.ToString();
    }
}
