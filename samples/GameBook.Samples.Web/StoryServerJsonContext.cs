using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using GameBook.Samples.Web.Analytics;
using GameBook.Samples.Web.Playtests;
using GameBook.Samples.Web.Sessions;
using GameBook.Samples.Web.Stories;

namespace GameBook.Samples.Web;

/// <summary>
/// Source-generated JSON for every body the story server reads and writes: web defaults (camelCase), except that a
/// number must be a JSON number (the web defaults also read "1" as 1, so a mistyped body was acted on). Thread-safe.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(StorySummaryDto[]))]
[JsonSerializable(typeof(StoryDetailDto))]
[JsonSerializable(typeof(JsonNode))]
[JsonSerializable(typeof(CreateSessionRequest))]
[JsonSerializable(typeof(ChooseRequest))]
[JsonSerializable(typeof(RestoreSessionRequest))]
[JsonSerializable(typeof(SessionCreatedDto))]
[JsonSerializable(typeof(StepDto))]
[JsonSerializable(typeof(StartPlaytestRequest))]
[JsonSerializable(typeof(PlaytestStartedDto))]
[JsonSerializable(typeof(PlaytestStatusDto))]
[JsonSerializable(typeof(StoryAnalyticsDto))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(GameBook.Samples.Web.Localization.StoryLocalesDto))]
internal sealed partial class StoryServerJsonContext : JsonSerializerContext;
