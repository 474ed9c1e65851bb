using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace GameBook.Samples.Web;

/// <summary>
/// Reads a JSON request body with the story server's rules: JSON content type (415), at most
/// <see cref="StoryServerOptions.MaxRequestBodyBytes"/> (413, also when Kestrel's own limit trips), well-formed JSON
/// of the expected shape (400). Every failure is a problem result, never an exception. Thread-safe.
/// </summary>
internal sealed class StoryServerJsonBody(IOptions<StoryServerOptions> options)
{
    private readonly int _limit = options.Value.MaxRequestBodyBytes;

    /// <summary>The body limit in bytes.</summary>
    public int Limit => _limit;

    /// <summary>Reads and deserializes the body, or says what was wrong with it.</summary>
    public async ValueTask<(T? Value, ProblemHttpResult? Problem)> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            return (null, StoryServerProblems.NotJson(request.ContentType));
        }

        if (request.ContentLength > _limit)
        {
            return (null, StoryServerProblems.TooLarge(_limit));
        }

        byte[]? buffer = null;
        var length = 0;
        try
        {
            buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(request.ContentLength ?? 4096, _limit) + 1);
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > _limit)
                    {
                        return (null, StoryServerProblems.TooLarge(_limit));
                    }

                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, _limit + 1));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (length > _limit)
                {
                    return (null, StoryServerProblems.TooLarge(_limit));
                }
            }

            if (length == 0)
            {
                return (null, StoryServerProblems.JsonMalformed("The request needs a JSON body."));
            }

            var value = JsonSerializer.Deserialize(buffer.AsSpan(0, length), typeInfo);
            return value is null
                ? (null, StoryServerProblems.JsonMalformed("The JSON body must be an object, not null."))
                : (value, null);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, StoryServerProblems.TooLarge(_limit));
        }
        catch (BadHttpRequestException ex)
        {
            return (null, StoryServerProblems.JsonMalformed($"The request body could not be read: {ex.Message}"));
        }
        catch (JsonException ex)
        {
            return (null, StoryServerProblems.JsonMalformed($"The JSON body is not valid for this request: {ex.Message}"));
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }
}
