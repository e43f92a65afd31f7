using System.Net.Http.Headers;

namespace SshBot.Chat.Outbound;

/// <summary>
/// Sends a request again while the answer is transient, within a <see cref="RetryPolicy"/>'s
/// bounds. A request cannot be sent twice, so each try builds its own.
/// </summary>
public static class HttpRetry
{
    /// <returns>The first answer that is not transient, or the last one when the tries or the time ran out.</returns>
    public static async Task<HttpResponseMessage> SendAsync(HttpClient client, Func<CancellationToken, Task<HttpRequestMessage>> build, RetryPolicy policy, TimeProvider time, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(build);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(time);
        var started = time.GetUtcNow();
        for (var attempt = 1; ; attempt++)
        {
            using var request = await build(ct);
            var response = await client.SendAsync(request, ct);
            if (!policy.IsTransient(response.StatusCode) || attempt >= policy.MaxAttempts)
            {
                return response;
            }

            var wait = policy.DelayBefore(attempt + 1, RetryAfter(response.Headers.RetryAfter, time));
            if (time.GetUtcNow() - started + wait > policy.MaxTotal)
            {
                return response;
            }

            response.Dispose();
            await Task.Delay(wait, time, ct);
        }
    }

    private static TimeSpan? RetryAfter(RetryConditionHeaderValue? header, TimeProvider time) =>
        header?.Delta ?? (header?.Date is { } date ? date - time.GetUtcNow() : null);
}
