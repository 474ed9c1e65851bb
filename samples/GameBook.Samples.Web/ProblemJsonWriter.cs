using System.Diagnostics;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace GameBook.Samples.Web;

/// <summary>
/// The last problem details writer: writes <c>application/problem+json</c> whatever the request's <c>Accept</c> header
/// asks for. ASP.NET Core's default writer refuses a request that accepts no JSON (<c>Accept: text/plain</c>); then
/// status code pages fell back to plain text and <see cref="IProblemDetailsService.WriteAsync"/> threw, so a
/// rate-limited request became a 500. Registered after the default writer, it only writes what that one refuses, with
/// the same customization (<see cref="ProblemDetailsOptions.CustomizeProblemDetails"/>) and defaults. Thread-safe.
/// </summary>
internal sealed class ProblemJsonWriter(IOptions<ProblemDetailsOptions> options, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) : IProblemDetailsWriter
{
    private readonly JsonTypeInfo<ProblemDetails> _typeInfo = (JsonTypeInfo<ProblemDetails>)json.Value.SerializerOptions.GetTypeInfo(typeof(ProblemDetails));

    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var problem = context.ProblemDetails;
        problem.Status ??= http.Response.StatusCode;
        problem.Title ??= ReasonPhrases.GetReasonPhrase(problem.Status.Value);
        if (!problem.Extensions.ContainsKey("traceId"))
        {
            problem.Extensions["traceId"] = Activity.Current?.Id ?? http.TraceIdentifier;
        }

        options.Value.CustomizeProblemDetails?.Invoke(context);
        return new ValueTask(http.Response.WriteAsJsonAsync(problem, _typeInfo, "application/problem+json", http.RequestAborted));
    }
}
