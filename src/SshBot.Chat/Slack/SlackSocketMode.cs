using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SshBot.Chat.Slack;

/// <summary>
/// Slack Socket Mode, for a bot without a public URL: it opens a WebSocket to Slack
/// (apps.connections.open with the app token) and receives there what the webhooks would.
/// Every envelope's payload goes to <see cref="SlackDispatch"/> and is acknowledged once it is
/// stored (milliseconds), so redelivered event ids are dropped as on the webhooks; one the inbox
/// cannot take is left unacknowledged, and Slack delivers it again. No signature is checked: the app
/// token authenticated the connection. A <c>disconnect</c> from Slack opens a new connection
/// at once; a failure or a dropped socket waits <see cref="SlackOptions.RetryBaseDelay"/>,
/// doubled after each failure in a row, never more than a minute.
/// </summary>
/// <remarks><paramref name="status"/> hears whether the socket is connected, for readiness (/health/ready).</remarks>
public sealed partial class SlackSocketMode(SlackDelivery delivery, IOptions<SlackOptions> options, TimeProvider time, ILogger<SlackSocketMode> logger, SshBot.Chat.Telemetry.PlatformStatus? status = null) : BackgroundService
{
    private static readonly TimeSpan MaxReconnectDelay = TimeSpan.FromMinutes(1);

    /// <summary>Even with RetryBaseDelay 0, a failing connection is not retried in a tight loop.</summary>
    private static readonly TimeSpan MinReconnectDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(30);

    private enum Ending
    {
        /// <summary>Slack asked for a new connection.</summary>
        Asked,

        /// <summary>The socket closed or broke without Slack asking.</summary>
        Dropped,
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled || !options.Value.UsesSocketMode)
        {
            return;
        }

        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var (ending, greeted) = await ServeOneConnectionAsync(stoppingToken);
                failures = greeted ? 0 : failures;
                if (ending == Ending.Asked && greeted)
                {
                    LogReconnecting(logger, "Slack asked for a new connection");
                    continue;
                }

                LogReconnecting(logger, "the connection dropped");
                status?.Disconnected(SshBot.Chat.Telemetry.PlatformStatus.SlackSocket, "the connection dropped");
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(logger, e.GetType().Name, e.Message);
                status?.Disconnected(SshBot.Chat.Telemetry.PlatformStatus.SlackSocket, $"connecting failed ({e.GetType().Name})");
            }

            failures++;
            var wait = options.Value.RetryBaseDelay * Math.Pow(2, Math.Min(failures - 1, 16));
            try
            {
                await Task.Delay(TimeSpan.FromTicks(Math.Clamp(wait.Ticks, MinReconnectDelay.Ticks, MaxReconnectDelay.Ticks)), time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<(Ending Ending, bool Greeted)> ServeOneConnectionAsync(CancellationToken ct)
    {
        using var socket = new ClientWebSocket();
        using (var connecting = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            connecting.CancelAfter(ConnectTimeout);
            var url = await delivery.Channel.OpenConnectionAsync(connecting.Token);
            await socket.ConnectAsync(url, connecting.Token);
        }

        var greeted = false;
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (true)
            {
                var received = await socket.ReceiveAsync(buffer, ct);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    await CloseAsync(socket, ct);
                    return (Ending.Dropped, greeted);
                }

                message.Write(buffer, 0, received.Count);
                if (message.Length > options.Value.MaxBodyBytes)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.MessageTooBig, "too big", ct);
                    return (Ending.Dropped, greeted);
                }

                if (!received.EndOfMessage)
                {
                    continue;
                }

                var text = message.ToArray();
                message.SetLength(0);
                switch (await HandleAsync(socket, text, ct))
                {
                    case "hello":
                        greeted = true;
                        LogConnected(logger);
                        status?.Connected(SshBot.Chat.Telemetry.PlatformStatus.SlackSocket);
                        break;
                    case "disconnect":
                        await CloseAsync(socket, ct);
                        return (Ending.Asked, greeted);
                }
            }
        }
        catch (WebSocketException e) when (!ct.IsCancellationRequested)
        {
            LogFailed(logger, e.GetType().Name, e.Message);
            return (Ending.Dropped, greeted);
        }
    }

    /// <returns>The envelope's type, once it is acknowledged and handed on.</returns>
    private async Task<string?> HandleAsync(ClientWebSocket socket, byte[] text, CancellationToken ct)
    {
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            LogUnreadable(logger);
            return null;
        }

        using (json)
        {
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                LogUnreadable(logger);
                return null;
            }

            var type = root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            if (!root.TryGetProperty("envelope_id", out var id) || id.ValueKind != JsonValueKind.String)
            {
                return type;
            }

            var payload = root.TryGetProperty("payload", out var p) ? p : default;
            var answer = type switch
            {
                "events_api" => await SlackDispatch.EventAsync(payload, delivery),
                "interactive" => await SlackDispatch.InteractionAsync(payload, delivery),
                "slash_commands" => await SlackDispatch.CommandAsync(name => Field(payload, name), delivery),
                _ => SlackAnswer.Ok,
            };
            if (answer.Status != SlackAnswer.Ok.Status)
            {
                LogAnswered(logger, type ?? "?", answer.Status);
            }

            if (answer.Status == SlackAnswer.Busy.Status)
            {
                // Not acknowledged: Slack delivers the envelope again, as it does a webhook answered 503.
                return type;
            }

            var ack = new JsonObject { ["envelope_id"] = id.GetString() };
            if (type == "slash_commands" && answer.Message is { } shown)
            {
                ack["payload"] = shown.DeepClone();
            }
            else if (type == "slash_commands" && answer.Text is { } reply)
            {
                ack["payload"] = new JsonObject { ["text"] = reply };
            }

            await socket.SendAsync(Encoding.UTF8.GetBytes(ack.ToJsonString()), WebSocketMessageType.Text, endOfMessage: true, ct);
            return type;
        }
    }

    private static string Field(JsonElement payload, string name) =>
        payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() ?? "" : "";

    private static async Task CloseAsync(ClientWebSocket socket, CancellationToken ct)
    {
        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            using var closing = CancellationTokenSource.CreateLinkedTokenSource(ct);
            closing.CancelAfter(TimeSpan.FromSeconds(5));
            try
            {
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "reconnecting", closing.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException && !ct.IsCancellationRequested)
            {
                // A peer that does not finish the close handshake is left behind; a new connection follows.
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Slack Socket Mode connected")]
    private static partial void LogConnected(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Slack Socket Mode reconnecting: {Reason}")]
    private static partial void LogReconnecting(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack Socket Mode connection failed ({Error}: {Detail}); trying again")]
    private static partial void LogFailed(ILogger logger, string error, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack Socket Mode sent a message that is not a JSON object; ignored")]
    private static partial void LogUnreadable(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack Socket Mode {Type} envelope answered {Status}")]
    private static partial void LogAnswered(ILogger logger, string type, int status);
}
