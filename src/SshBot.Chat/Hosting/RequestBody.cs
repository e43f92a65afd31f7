using Microsoft.AspNetCore.Http;

namespace SshBot.Chat.Hosting;

/// <summary>Reads a request body whole, up to a limit; larger or broken bodies are refused without buffering them.</summary>
public static class RequestBody
{
    /// <returns>The bytes, or an error result (413 too large, 400 truncated or unreadable).</returns>
    public static async Task<(byte[]? Body, IResult? Error)> ReadAsync(HttpRequest request, int maxBytes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > maxBytes)
        {
            return (null, Results.StatusCode(StatusCodes.Status413PayloadTooLarge));
        }

        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    return (null, Results.StatusCode(StatusCodes.Status413PayloadTooLarge));
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException)
        {
            return (null, Results.BadRequest());
        }
        catch (IOException)
        {
            return (null, Results.BadRequest());
        }

        if (request.ContentLength is { } declared && declared != buffer.Length)
        {
            return (null, Results.BadRequest());
        }

        return (buffer.ToArray(), null);
    }
}
