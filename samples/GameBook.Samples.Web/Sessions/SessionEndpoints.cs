using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace GameBook.Samples.Web.Sessions;

/// <summary>The <c>/api/sessions</c> endpoints. Every call on a session needs its <c>X-Session-Token</c>. Thread-safe.</summary>
internal static class SessionEndpoints
{
    public static RouteGroupBuilder MapSessionEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/sessions").WithTags("Sessions");

        group.MapPost("/", CreateAsync)
            .WithName("CreateSession").WithSummary("Starts a session of a story")
            .Accepts<CreateSessionRequest>("application/json")
            .ProducesProblem(400).ProducesProblem(404).ProducesProblem(409).ProducesProblem(413).ProducesProblem(415).ProducesProblem(422).ProducesProblem(503);
        group.MapPost("/restore", RestoreAsync)
            .WithName("RestoreSession").WithSummary("Starts a new session from a save")
            .Accepts<RestoreSessionRequest>("application/json")
            .ProducesProblem(400).ProducesProblem(404).ProducesProblem(409).ProducesProblem(413).ProducesProblem(415).ProducesProblem(422).ProducesProblem(503);
        group.MapGet("/{id}", GetAsync)
            .WithName("GetSessionStep").WithSummary("The current step (does not advance)")
            .ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(503);
        group.MapPost("/{id}/advance", AdvanceAsync)
            .WithName("AdvanceSession").WithSummary("Moves past a line or command to the next step")
            .ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409).ProducesProblem(503);
        group.MapPost("/{id}/choose", ChooseAsync)
            .WithName("Choose").WithSummary("Chooses an option (-1: continue past a set with no available option)")
            .Accepts<ChooseRequest>("application/json")
            .ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409).ProducesProblem(413).ProducesProblem(415).ProducesProblem(503);
        group.MapGet("/{id}/save", SaveAsync)
            .WithName("SaveSession").WithSummary("The session's snapshot JSON (restores to the current step)")
            .Produces(200, contentType: "application/json")
            .ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(503);
        group.MapDelete("/{id}", DeleteAsync)
            .WithName("DeleteSession").WithSummary("Ends a session")
            .ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(503);
        return group;
    }

    private static async Task<Results<Created<SessionCreatedDto>, ProblemHttpResult>> CreateAsync(
        HttpRequest request, StoryServerJsonBody body, SessionService sessions, CancellationToken cancellationToken)
    {
        var (value, problem) = await body.ReadAsync(request, StoryServerJsonContext.Default.CreateSessionRequest, cancellationToken).ConfigureAwait(false);
        return problem ?? (Results<Created<SessionCreatedDto>, ProblemHttpResult>)await sessions.CreateAsync(value!, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<Results<Created<SessionCreatedDto>, ProblemHttpResult>> RestoreAsync(
        HttpRequest request, StoryServerJsonBody body, SessionService sessions, CancellationToken cancellationToken)
    {
        var (value, problem) = await body.ReadAsync(request, StoryServerJsonContext.Default.RestoreSessionRequest, cancellationToken).ConfigureAwait(false);
        return problem ?? (Results<Created<SessionCreatedDto>, ProblemHttpResult>)await sessions.RestoreAsync(value!, cancellationToken).ConfigureAwait(false);
    }

    private static Task<Results<Ok<StepDto>, ProblemHttpResult>> GetAsync(
        string id, [FromHeader(Name = SessionSecrets.TokenHeader)] string? token, SessionService sessions, CancellationToken cancellationToken) =>
        sessions.GetAsync(id, token, cancellationToken);

    private static Task<Results<Ok<StepDto>, ProblemHttpResult>> AdvanceAsync(
        string id, [FromHeader(Name = SessionSecrets.TokenHeader)] string? token, SessionService sessions, CancellationToken cancellationToken) =>
        sessions.AdvanceAsync(id, token, cancellationToken);

    private static async Task<Results<Ok<StepDto>, ProblemHttpResult>> ChooseAsync(
        string id, [FromHeader(Name = SessionSecrets.TokenHeader)] string? token, HttpRequest request, StoryServerJsonBody body, SessionService sessions, CancellationToken cancellationToken)
    {
        var (value, problem) = await body.ReadAsync(request, StoryServerJsonContext.Default.ChooseRequest, cancellationToken).ConfigureAwait(false);
        return problem ?? (Results<Ok<StepDto>, ProblemHttpResult>)await sessions.ChooseAsync(id, token, value!, cancellationToken).ConfigureAwait(false);
    }

    private static Task<Results<ContentHttpResult, ProblemHttpResult>> SaveAsync(
        string id, [FromHeader(Name = SessionSecrets.TokenHeader)] string? token, SessionService sessions, CancellationToken cancellationToken) =>
        sessions.SaveAsync(id, token, cancellationToken);

    private static Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string id, [FromHeader(Name = SessionSecrets.TokenHeader)] string? token, SessionService sessions, CancellationToken cancellationToken) =>
        sessions.DeleteAsync(id, token, cancellationToken);
}
