using System.Reflection;
using System.Text;
using System.Text.Json;
using GameBook.Authoring.Analysis;
using GameBook.Compilation;

namespace GameBook.Samples.Console;

/// <summary>
/// Writes diagnostics as a SARIF 2.1.0 log (OASIS Static Analysis Results Interchange Format), the form CI systems
/// and editors read to show problems inline: one run whose driver lists every GameBook rule (compiler GB0xxx and
/// analysis GB1xxx), and one result per diagnostic with its region (1-based lines and columns, end column
/// exclusive, in UTF-16 code units). Relative paths are URIs relative to <c>%SRCROOT%</c>, the working folder.
/// Thread-safe (stateless).
/// </summary>
public static class DiagnosticSarif
{
    /// <summary>The SARIF version written.</summary>
    public const string Version = "2.1.0";

    /// <summary>The JSON schema of SARIF 2.1.0, as the standard publishes it.</summary>
    public const string Schema = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

    private const string SourceRoot = "%SRCROOT%";

    /// <summary>Writes the log.</summary>
    public static void Write(IReadOnlyList<Diagnostic> diagnostics, TextWriter output, string workingDirectory)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        ArgumentNullException.ThrowIfNull(output);
        var rules = Rules();
        foreach (var d in diagnostics)
        {
            if (!rules.Any(r => r.Id == d.Code))
            {
                rules.Add((d.Code, d.Code, "A GameBook diagnostic.", d.Severity));
            }
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("$schema", Schema);
            json.WriteString("version", Version);
            json.WriteStartArray("runs");
            json.WriteStartObject();

            json.WriteStartObject("tool");
            json.WriteStartObject("driver");
            json.WriteString("name", "gamebook");
            json.WriteString("semanticVersion", ToolVersion());
            json.WriteStartArray("rules");
            foreach (var (id, name, description, severity) in rules)
            {
                json.WriteStartObject();
                json.WriteString("id", id);
                json.WriteString("name", name);
                json.WriteStartObject("shortDescription");
                json.WriteString("text", description);
                json.WriteEndObject();
                json.WriteStartObject("defaultConfiguration");
                json.WriteString("level", Level(severity));
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();

            json.WriteStartObject("originalUriBaseIds");
            json.WriteStartObject(SourceRoot);
            json.WriteString("uri", new Uri(Path.TrimEndingDirectorySeparator(Path.GetFullPath(workingDirectory)) + "/").AbsoluteUri);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteString("columnKind", "utf16CodeUnits");

            json.WriteStartArray("results");
            foreach (var d in diagnostics)
            {
                json.WriteStartObject();
                json.WriteString("ruleId", d.Code);
                json.WriteNumber("ruleIndex", rules.FindIndex(r => r.Id == d.Code));
                json.WriteString("level", Level(d.Severity));
                json.WriteStartObject("message");
                json.WriteString("text", d.Message);
                json.WriteEndObject();
                json.WriteStartArray("locations");
                json.WriteStartObject();
                json.WriteStartObject("physicalLocation");
                json.WriteStartObject("artifactLocation");
                if (Path.IsPathRooted(d.File))
                {
                    json.WriteString("uri", new Uri(Path.GetFullPath(d.File)).AbsoluteUri);
                }
                else
                {
                    json.WriteString("uri", RelativeUri(d.File));
                    json.WriteString("uriBaseId", SourceRoot);
                }

                json.WriteEndObject();
                json.WriteStartObject("region");
                json.WriteNumber("startLine", Math.Max(1, d.Range.StartLine));
                json.WriteNumber("startColumn", Math.Max(1, d.Range.StartColumn));
                json.WriteNumber("endLine", Math.Max(Math.Max(1, d.Range.StartLine), d.Range.EndLine));
                json.WriteNumber("endColumn", Math.Max(1, d.Range.EndColumn));
                json.WriteEndObject();
                json.WriteEndObject();
                json.WriteEndObject();
                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }

        output.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    /// <summary>
    /// Every known rule: the compiler's codes (named after their <see cref="DiagnosticCodes"/> constant) and the
    /// analysis rules (with their message formats' first sentence as the description).
    /// </summary>
    internal static List<(string Id, string Name, string Description, DiagnosticSeverity Severity)> Rules()
    {
        var rules = new List<(string, string, string, DiagnosticSeverity)>();
        foreach (var field in typeof(DiagnosticCodes).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral))
        {
            if (field.GetRawConstantValue() is string code)
            {
                rules.Add((code, field.Name, Words(field.Name) + ".", DiagnosticSeverity.Error));
            }
        }

        foreach (var rule in AnalysisCodes.Rules)
        {
            rules.Add((rule.Code, rule.Name, Words(rule.Name) + ".", rule.DefaultSeverity));
        }

        return [.. rules.OrderBy(r => r.Item1, StringComparer.Ordinal)];
    }

    private static string Level(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => "error",
        DiagnosticSeverity.Warning => "warning",
        _ => "note",
    };

    /// <summary><c>MissingBodyStart</c> → <c>Missing body start</c>.</summary>
    private static string Words(string name)
    {
        var text = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]))
            {
                text.Append(' ').Append(char.ToLowerInvariant(name[i]));
            }
            else
            {
                text.Append(name[i]);
            }
        }

        return text.ToString();
    }

    private static string RelativeUri(string path) =>
        string.Join('/', path.Split(['/', '\\'], StringSplitOptions.RemoveEmptyEntries).Where(s => s != ".").Select(Uri.EscapeDataString));

    private static string ToolVersion()
    {
        var version = typeof(DiagnosticSarif).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version[..plus];
    }
}
