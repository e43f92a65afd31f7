using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace SshBot.Chat.Tests.Support;

/// <summary>One WebSocket the bot opened to the fake Slack: what it sent, and a way to send to it.</summary>
public sealed class SocketConnection(WebSocket socket, int number)
{
    private readonly CallLog<JsonObject> _received = new();

    public int Number => number;

    /// <summary>Completes when the bot closed the socket (or it broke).</summary>
    public TaskCompletionSource Closed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Sends one message; a test sends one at a time, as a WebSocket allows.</summary>
    public Task SendAsync(JsonObject message) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    /// <summary>Sends an envelope of the given type and waits (20 s at most) for its acknowledgement.</summary>
    public async Task<JsonObject> SendEnvelopeAsync(string type, JsonNode payload, string envelopeId)
    {
        await SendAsync(new JsonObject { ["envelope_id"] = envelopeId, ["type"] = type, ["payload"] = payload, ["accepts_response_payload"] = type != "events_api" });
        return await _received.WaitForAsync(m => m["envelope_id"]?.GetValue<string>() == envelopeId);
    }

    public List<JsonObject> Received => _received.Drain();

    /// <summary>Closes the socket from Slack's side without a disconnect message first.</summary>
    public Task CloseAsync() => socket.CloseOutputAsync(WebSocketCloseStatus.EndpointUnavailable, "gone", CancellationToken.None);

    internal async Task ServeAsync()
    {
        var buffer = new byte[64 * 1024];
        try
        {
            using var message = new MemoryStream();
            while (true)
            {
                var received = await socket.ReceiveAsync(buffer, CancellationToken.None);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
                    return;
                }

                message.Write(buffer, 0, received.Count);
                if (received.EndOfMessage)
                {
                    await _received.AddAsync((JsonObject)JsonNode.Parse(message.ToArray())!);
                    message.SetLength(0);
                }
            }
        }
        catch (WebSocketException)
        {
        }
        finally
        {
            Closed.TrySetResult();
        }
    }
}

/// <summary>One apps.connections.open call: its number, when it came, and its Authorization header.</summary>
public sealed record SocketOpen(int Number, DateTimeOffset At, string? Authorization);

/// <summary>
/// Slack's Socket Mode on loopback, served by <see cref="FakeSlackApi"/>: apps.connections.open
/// hands out ws:// URLs with one-time tickets, and each WebSocket opened there becomes a
/// <see cref="SocketConnection"/> the test drives.
/// </summary>
public sealed class FakeSocketMode
{
    public const string AppToken = "xapp-1-A1-test";

    private readonly CallLog<SocketConnection> _connections = new();
    private readonly ConcurrentDictionary<string, bool> _tickets = new();
    private readonly CallLog<SocketOpen> _opens = new();
    private int _count;
    private int _openCount;

    /// <summary>The Authorization header of every apps.connections.open call so far.</summary>
    public IReadOnlyList<string?> Opens => [.. _opens.Drain().Select(o => o.Authorization)];

    /// <summary>Waits (20 s at most) for apps.connections.open call number <paramref name="number"/> (1, 2, ...).</summary>
    public Task<SocketOpen> OpenAsync(int number) => _opens.WaitForAsync(o => o.Number == number);

    /// <summary>Waits (20 s at most) for the bot's connection number <paramref name="number"/> (1, 2, ...).</summary>
    public Task<SocketConnection> ConnectionAsync(int number) => _connections.WaitForAsync(c => c.Number == number);

    internal async Task<IResult> OpenAsync(HttpContext http, string baseUrl)
    {
        var authorization = http.Request.Headers.Authorization.ToString();
        await _opens.AddAsync(new SocketOpen(Interlocked.Increment(ref _openCount), DateTimeOffset.UtcNow, authorization));
        if (authorization != "Bearer " + AppToken)
        {
            return Results.Json(new { ok = false, error = "invalid_auth" });
        }

        var ticket = Guid.NewGuid().ToString("N");
        _tickets[ticket] = true;
        return Results.Json(new { ok = true, url = baseUrl.Replace("http://", "ws://", StringComparison.Ordinal) + "/link?ticket=" + ticket });
    }

    internal async Task ServeAsync(HttpContext http)
    {
        if (!http.WebSockets.IsWebSocketRequest || !_tickets.TryRemove(http.Request.Query["ticket"].ToString(), out _))
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        using var socket = await http.WebSockets.AcceptWebSocketAsync();
        var connection = new SocketConnection(socket, Interlocked.Increment(ref _count));
        await _connections.AddAsync(connection);
        await connection.ServeAsync();
    }
}
