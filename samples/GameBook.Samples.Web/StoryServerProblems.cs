using Microsoft.AspNetCore.Http.HttpResults;

namespace GameBook.Samples.Web;

/// <summary>
/// Every problem the story server answers with (RFC 9457 problem details): a stable <c>type</c> URI per kind of
/// bad request, and factories that give each a title, a status and a message saying what to do. Thread-safe.
/// </summary>
internal static class StoryServerProblems
{
    /// <summary>The prefix of every problem type.</summary>
    public const string TypePrefix = "https://gamebook.dev/problems/";

    public const string UnknownStory = TypePrefix + "unknown-story";
    public const string StoryHasErrors = TypePrefix + "story-has-errors";
    public const string UnknownSession = TypePrefix + "unknown-session";
    public const string UnknownPlaytest = TypePrefix + "unknown-playtest";
    public const string MissingToken = TypePrefix + "missing-session-token";
    public const string WrongToken = TypePrefix + "wrong-session-token";
    public const string InvalidOption = TypePrefix + "invalid-option";
    public const string OptionUnavailable = TypePrefix + "option-unavailable";
    public const string NoOptionsPending = TypePrefix + "no-options-pending";
    public const string OptionsPending = TypePrefix + "options-pending";
    public const string MalformedSave = TypePrefix + "malformed-save";
    public const string ForeignSave = TypePrefix + "foreign-save";
    public const string IncompatibleSave = TypePrefix + "incompatible-save";
    public const string BodyTooLarge = TypePrefix + "body-too-large";
    public const string UnsupportedMediaType = TypePrefix + "unsupported-media-type";
    public const string MalformedJson = TypePrefix + "malformed-json";
    public const string InvalidRequest = TypePrefix + "invalid-request";
    public const string RateLimited = TypePrefix + "rate-limited";
    public const string ShuttingDown = TypePrefix + "shutting-down";
    public const string TooManySessions = TypePrefix + "too-many-sessions";
    public const string PoolRefused = TypePrefix + "worker-pool-refused";
    public const string StorageUnavailable = TypePrefix + "session-storage-unavailable";
    public const string PlaytestNotFinished = TypePrefix + "playtest-not-finished";
    public const string NotFound = TypePrefix + "not-found";
    public const string MethodNotAllowed = TypePrefix + "method-not-allowed";
    public const string BadRequest = TypePrefix + "bad-request";
    public const string ServerError = TypePrefix + "server-error";
    public const string UnsupportedLocale = TypePrefix + "unsupported-locale";

    /// <summary>The problem type for a status code set by the framework (no route, wrong method, a bad request it refused).</summary>
    public static string TypeForStatus(int status) => status switch
    {
        StatusCodes.Status400BadRequest => BadRequest,
        StatusCodes.Status404NotFound => NotFound,
        StatusCodes.Status405MethodNotAllowed => MethodNotAllowed,
        StatusCodes.Status413PayloadTooLarge => BodyTooLarge,
        StatusCodes.Status415UnsupportedMediaType => UnsupportedMediaType,
        StatusCodes.Status429TooManyRequests => RateLimited,
        >= 500 => ServerError,
        _ => TypePrefix + "http-" + status.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>What to do about a status code the framework set, or null.</summary>
    public static string? DetailForStatus(int status) => status switch
    {
        StatusCodes.Status404NotFound => "No endpoint answers this path. The API lives under /api (see /openapi/v1.json and /scalar).",
        StatusCodes.Status405MethodNotAllowed => "This endpoint does not answer this HTTP method (see /openapi/v1.json).",
        StatusCodes.Status415UnsupportedMediaType => "The body must be JSON: send Content-Type: application/json.",
        StatusCodes.Status413PayloadTooLarge => "The request body is larger than StoryServer:MaxRequestBodyBytes allows.",
        _ => null,
    };

    public static ProblemHttpResult StoryNotFound(string name) =>
        Create(404, UnknownStory, "Unknown story", $"There is no story named '{name}'. GET /api/stories lists the stories this server has.");

    public static ProblemHttpResult StoryNotCompiled(string name, int errors, string firstError) => Create(
        409, StoryHasErrors, "Story does not compile",
        $"Story '{name}' has {errors} compile error(s) and no version of it can be played until its files are fixed. The first: {firstError} GET /api/stories/{name} lists them all.");

    public static ProblemHttpResult SessionNotFound() =>
        Create(404, UnknownSession, "Unknown session", "There is no session with this id: it never existed, was deleted, or expired after being idle. Start a new one with POST /api/sessions or restore a save.");

    public static ProblemHttpResult PlaytestNotFound() =>
        Create(404, UnknownPlaytest, "Unknown playtest", "There is no playtest with this id (finished batches are dropped when newer ones need room). Start one with POST /api/stories/{name}/playtests.");

    public static ProblemHttpResult TokenMissing() =>
        Create(401, MissingToken, "Session token required", "Send the token you got when the session was created in the X-Session-Token header.");

    public static ProblemHttpResult TokenWrong() =>
        Create(403, WrongToken, "Wrong session token", "The X-Session-Token header does not match this session's token.");

    public static ProblemHttpResult OptionOutOfRange(int option, int count, int available) => Create(
        400, InvalidOption, "Invalid option",
        available == 0
            ? $"Option {option} does not exist: no option of this set is available, so the only valid choice is -1 (continue)."
            : $"Option {option} does not exist: choose an index from 0 to {count - 1} of an available option.");

    public static ProblemHttpResult OptionNotAvailable(int option) =>
        Create(409, OptionUnavailable, "Option unavailable", $"Option {option} is shown but not available (its condition is false). Choose an option whose 'available' is true.");

    public static ProblemHttpResult NothingToChoose(string kind) =>
        Create(409, NoOptionsPending, "No options pending", $"The session is at a '{kind}' step, not at a set of options: use POST .../advance to move on.");

    public static ProblemHttpResult ChooseFirst() =>
        Create(409, OptionsPending, "Options pending", "The session is waiting for a choice: use POST .../choose with an option index.");

    public static ProblemHttpResult SaveMalformed(string reason) =>
        Create(400, MalformedSave, "Malformed save", $"The snapshot cannot be read: {reason}");

    public static ProblemHttpResult SaveForeign(string story, string otherStory) =>
        Create(422, ForeignSave, "Save of another story", $"The snapshot was saved from story '{otherStory}', not '{story}'. Restore it into '{otherStory}'.");

    public static ProblemHttpResult SaveIncompatible(string story, string reason) =>
        Create(422, IncompatibleSave, "Incompatible save", $"The snapshot does not fit the current version of story '{story}': {reason}");

    public static ProblemHttpResult TooLarge(long limit) =>
        Create(413, BodyTooLarge, "Request body too large", $"The request body is larger than {limit} bytes (StoryServer:MaxRequestBodyBytes).");

    public static ProblemHttpResult NotJson(string? contentType) =>
        Create(415, UnsupportedMediaType, "Unsupported media type", $"The body must be JSON (Content-Type: application/json); got '{contentType ?? "none"}'.");

    public static ProblemHttpResult JsonMalformed(string reason) =>
        Create(400, MalformedJson, "Malformed JSON", reason);

    public static ProblemHttpResult Invalid(string reason) =>
        Create(400, InvalidRequest, "Invalid request", reason);

    public static ProblemHttpResult Stopping() =>
        Create(503, ShuttingDown, "Shutting down", "The server is shutting down and takes no new sessions or playtests. Retry on another instance or later.");

    public static ProblemHttpResult SessionLimit(int limit) =>
        Create(503, TooManySessions, "Too many sessions", $"The server holds its maximum of {limit} sessions (StoryServer:Sessions:MaxSessions). Retry later.");

    public static ProblemHttpResult PoolBusy(string reason) =>
        Create(503, PoolRefused, "Worker pool refused the playtest", $"The worker pool refused the work ({reason}). Retry later.");

    public static ProblemHttpResult StorageDown(string reason) =>
        Create(503, StorageUnavailable, "Session storage unavailable", $"The session store could not be reached ({reason}). Retry later.");

    public static ProblemHttpResult NotFinished(string state) =>
        Create(409, PlaytestNotFinished, "Playtest not finished", $"The playtest is {state}; its report exists once it has completed. Poll GET /api/playtests/{{id}}.");

    public static ProblemHttpResult LocaleUnsupported(string story, string reason) =>
        Create(422, UnsupportedLocale, "Unsupported locale", $"Story '{story}' cannot be played in this locale. {reason}");

    // 503 answers get their Retry-After header from the story server's middleware (StoryServerApplicationExtensions).
    private static ProblemHttpResult Create(int status, string type, string title, string detail) =>
        TypedResults.Problem(detail, statusCode: status, title: title, type: type);
}
