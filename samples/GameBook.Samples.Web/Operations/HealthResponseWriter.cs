using System.Collections;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GameBook.Samples.Web.Operations;

/// <summary>
/// Writes a health report as JSON: the overall status and total duration, then one entry per check with its
/// name, status, description, duration, tags, data and, for a check that threw, the exception's message (never
/// its stack trace). Stateless; thread-safe.
/// </summary>
internal static class HealthResponseWriter
{
    /// <summary>Writes <paramref name="report"/> to the response (the status code is already set by the health checks middleware).</summary>
    /// <param name="context">The request.</param>
    /// <param name="report">The report.</param>
    /// <returns>A task that completes when the body is written.</returns>
    public static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        await using var writer = new Utf8JsonWriter(context.Response.BodyWriter);
        Write(writer, report);
        await writer.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Writes <paramref name="report"/> with <paramref name="writer"/>.</summary>
    internal static void Write(Utf8JsonWriter writer, HealthReport report)
    {
        writer.WriteStartObject();
        writer.WriteString("status", report.Status.ToString());
        writer.WriteNumber("totalDurationMs", Math.Round(report.TotalDuration.TotalMilliseconds, 3));
        writer.WriteStartArray("checks");
        foreach (var (name, entry) in report.Entries)
        {
            writer.WriteStartObject();
            writer.WriteString("name", name);
            writer.WriteString("status", entry.Status.ToString());
            if (entry.Description is not null)
            {
                writer.WriteString("description", entry.Description);
            }

            writer.WriteNumber("durationMs", Math.Round(entry.Duration.TotalMilliseconds, 3));
            writer.WriteStartArray("tags");
            foreach (var tag in entry.Tags)
            {
                writer.WriteStringValue(tag);
            }

            writer.WriteEndArray();
            if (entry.Exception is { } exception)
            {
                writer.WriteString("error", $"{exception.GetType().Name}: {exception.Message}");
            }

            writer.WritePropertyName("data");
            writer.WriteStartObject();
            foreach (var (key, value) in entry.Data)
            {
                writer.WritePropertyName(key);
                WriteValue(writer, value, depth: 0);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>Writes a check's data value without reflection: numbers, booleans, strings, times, nested dictionaries and lists; anything else as its invariant string.</summary>
    private static void WriteValue(Utf8JsonWriter writer, object? value, int depth)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case int or long or short or byte or uint or ulong or ushort or sbyte:
                writer.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case double d when double.IsFinite(d):
                writer.WriteNumberValue(d);
                break;
            case float f when float.IsFinite(f):
                writer.WriteNumberValue(f);
                break;
            case decimal m:
                writer.WriteNumberValue(m);
                break;
            case DateTimeOffset t:
                writer.WriteStringValue(t);
                break;
            case DateTime t:
                writer.WriteStringValue(t);
                break;
            case TimeSpan t:
                writer.WriteStringValue(t.ToString("c", CultureInfo.InvariantCulture));
                break;
            case IDictionary dictionary when depth < 4:
                writer.WriteStartObject();
                foreach (DictionaryEntry item in dictionary)
                {
                    writer.WritePropertyName(Convert.ToString(item.Key, CultureInfo.InvariantCulture) ?? string.Empty);
                    WriteValue(writer, item.Value, depth + 1);
                }

                writer.WriteEndObject();
                break;
            case IEnumerable list when depth < 4:
                writer.WriteStartArray();
                foreach (var item in list)
                {
                    WriteValue(writer, item, depth + 1);
                }

                writer.WriteEndArray();
                break;
            default:
                writer.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }
}
