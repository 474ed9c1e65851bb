using System.Text.Json;
using GameBook.Compilation;

namespace GameBook.Samples.Console;

/// <summary>
/// Writes diagnostics as one JSON document for tools: counts and, per diagnostic, file, 1-based range (end column
/// exclusive), severity, code and message. Thread-safe (stateless).
/// </summary>
public static class DiagnosticJson
{
    /// <summary>The version of this document's shape (<c>formatVersion</c>).</summary>
    public const int FormatVersion = 1;

    /// <summary>Writes the document.</summary>
    public static void Write(IReadOnlyList<Diagnostic> diagnostics, IReadOnlyList<string> files, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(output);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteNumber("formatVersion", FormatVersion);
            json.WriteStartArray("files");
            foreach (var file in files)
            {
                json.WriteStringValue(file);
            }

            json.WriteEndArray();
            json.WriteNumber("errors", diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error));
            json.WriteNumber("warnings", diagnostics.Count(d => d.Severity == DiagnosticSeverity.Warning));
            json.WriteStartArray("diagnostics");
            foreach (var d in diagnostics)
            {
                json.WriteStartObject();
                json.WriteString("file", d.File);
                json.WriteNumber("line", d.Range.StartLine);
                json.WriteNumber("column", d.Range.StartColumn);
                json.WriteNumber("endLine", d.Range.EndLine);
                json.WriteNumber("endColumn", d.Range.EndColumn);
                json.WriteString("severity", StoryFiles.SeverityName(d.Severity));
                json.WriteString("code", d.Code);
                json.WriteString("message", d.Message);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }
}
