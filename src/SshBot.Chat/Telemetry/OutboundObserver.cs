using System.Globalization;

namespace SshBot.Chat.Telemetry;

/// <summary>
/// Sits in the HttpClient of a chat platform: counts every try by platform and status
/// (<see cref="BotMetrics.OutboundCalls"/>) and tells <see cref="PlatformStatus"/> how the latest went.
/// </summary>
internal sealed class OutboundObserver(string platform, PlatformStatus status) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            BotMetrics.OutboundCalls.Add(1, new("platform", platform), new("status", "error"));
            status.CallFailed(platform, e.GetType().Name);
            throw;
        }

        BotMetrics.OutboundCalls.Add(1, new("platform", platform), new("status", ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture)));
        status.Answered(platform, response.StatusCode);
        return response;
    }
}
