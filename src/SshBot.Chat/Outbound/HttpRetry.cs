using System.Globalization;
using System.Net.Http.Headers;
using Polly;
using Polly.Retry;
using SshBot.Chat.Telemetry;

namespace SshBot.Chat.Outbound;

/// <summary>
/// Sends a request again while the answer is transient, within a <see cref="RetryPolicy"/>'s
/// bounds, through a Polly retry pipeline: the wait is the answer's Retry-After, else a doubling
/// back-off, and a wait that would end past the policy's time budget is not started. A request
/// cannot be sent twice, so each try builds its own.
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
        var pipeline = Pipeline(policy, time, started);
        return await pipeline.ExecuteAsync(
            async token =>
            {
                using var request = await build(token);
                return await client.SendAsync(request, token);
            },
            ct);
    }

    private static ResiliencePipeline<HttpResponseMessage> Pipeline(RetryPolicy policy, TimeProvider time, DateTimeOffset started)
    {
        TimeSpan Wait(HttpResponseMessage response, int retry) => policy.DelayBefore(retry + 2, RetryAfter(response.Headers.RetryAfter, time));

        return new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = Math.Max(1, policy.MaxAttempts - 1),
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Result is { } response
                    && policy.MaxAttempts > 1
                    && policy.IsTransient(response.StatusCode)
                    && time.GetUtcNow() - started + Wait(response, args.AttemptNumber) <= policy.MaxTotal),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(Wait(args.Outcome.Result!, args.AttemptNumber)),
                OnRetry = args =>
                {
                    var status = args.Outcome.Result is { } answer ? ((int)answer.StatusCode).ToString(CultureInfo.InvariantCulture) : "error";
                    BotMetrics.OutboundRetries.Add(1, new("platform", policy.Platform), new("status", status));
                    args.Outcome.Result?.Dispose();
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    private static TimeSpan? RetryAfter(RetryConditionHeaderValue? header, TimeProvider time) =>
        header?.Delta ?? (header?.Date is { } date ? date - time.GetUtcNow() : null);
}
