using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace SshBot.Chat.Hosting;

/// <summary>
/// Reads a request body whole, up to a limit, within <see cref="ServerLimits.BodyReadTimeout"/>
/// and only while fewer than <see cref="ServerLimits.MaxConcurrentBodyReads"/> bodies are being
/// read. Larger, slower or broken bodies are refused without buffering them, and every refusal
/// closes the connection so nothing is left to drain.
/// </summary>
public static class RequestBody
{
    /// <returns>The bytes, or an error result (413 too large, 408 too slow, 503 too many at once, 400 truncated or unreadable).</returns>
    public static async Task<(byte[]? Body, IResult? Error)> ReadAsync(HttpContext http, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(http);
        var request = http.Request;
        if (request.ContentLength > maxBytes)
        {
            return (null, Refuse(http, StatusCodes.Status413PayloadTooLarge));
        }

        var gate = http.RequestServices.GetRequiredService<BodyReadGate>();
        if (!gate.TryEnter())
        {
            http.Response.Headers.RetryAfter = "1";
            return (null, Refuse(http, StatusCodes.Status503ServiceUnavailable));
        }

        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
            deadline.CancelAfter(gate.Timeout);
            return await ReadWithinAsync(http, maxBytes, deadline.Token);
        }
        finally
        {
            gate.Exit();
        }
    }

    /// <summary>
    /// Answers with <paramref name="status"/> and closes the connection after the response. A body
    /// not read at all is not drained either (Kestrel would otherwise read on for up to 5 s).
    /// </summary>
    public static IResult Refuse(HttpContext http, int status)
    {
        ArgumentNullException.ThrowIfNull(http);
        return new Refusal(status, Abort: false);
    }

    /// <summary>A body stopped part-way (too slow, too large): answer, then drop the connection rather than drain a stalling peer.</summary>
    private static Refusal RefuseMidBody(int status) => new(status, Abort: true);

    private sealed record Refusal(int Status, bool Abort) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = Status;
            httpContext.Response.Headers.Connection = "close";
            if (httpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            {
                // Nothing was read: a limit of zero makes Kestrel close instead of draining.
                size.MaxRequestBodySize = 0;
            }
            else if (Abort)
            {
                await httpContext.Response.CompleteAsync();
                httpContext.Abort();
            }
        }
    }

    private static async Task<(byte[]? Body, IResult? Error)> ReadWithinAsync(HttpContext http, int maxBytes, CancellationToken ct)
    {
        var request = http.Request;
        var buffer = new MemoryStream(request.ContentLength is { } declared and > 0 ? (int)declared : 0);
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    return (null, RefuseMidBody(StatusCodes.Status413PayloadTooLarge));
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (OperationCanceledException)
        {
            // The deadline, or the peer went away (then nobody reads the answer).
            return (null, RefuseMidBody(http.RequestAborted.IsCancellationRequested ? StatusCodes.Status400BadRequest : StatusCodes.Status408RequestTimeout));
        }
        catch (BadHttpRequestException e)
        {
            return (null, RefuseMidBody(e.StatusCode is StatusCodes.Status413PayloadTooLarge or StatusCodes.Status408RequestTimeout ? e.StatusCode : StatusCodes.Status400BadRequest));
        }
        catch (IOException)
        {
            return (null, RefuseMidBody(StatusCodes.Status400BadRequest));
        }

        if (request.ContentLength is { } length && length != buffer.Length)
        {
            return (null, Refuse(http, StatusCodes.Status400BadRequest));
        }

        return (buffer.ToArray(), null);
    }
}
