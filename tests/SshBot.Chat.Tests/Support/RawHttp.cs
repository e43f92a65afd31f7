using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace SshBot.Chat.Tests.Support;

/// <summary>HTTP/1.1 by hand over a socket, for requests HttpClient will not send (a body cut short).</summary>
public static class RawHttp
{
    /// <summary>
    /// Sends <paramref name="head"/> (request line and headers, without the blank line) declaring
    /// <paramref name="declaredLength"/>, then <paramref name="body"/> (which may be shorter), and
    /// keeps the connection open; returns the status code the server answered with, or 0 if it
    /// closed without one.
    /// </summary>
    public static async Task<int> SendAsync(Uri server, string head, int declaredLength, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(body);
        using var client = new TcpClient();
        using var giveUp = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await client.ConnectAsync(server.Host, server.Port, giveUp.Token);
        var stream = client.GetStream();
        var text = new StringBuilder();
        try
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"{head}\r\nHost: {server.Authority}\r\nContent-Length: {declaredLength.ToString(CultureInfo.InvariantCulture)}\r\n\r\n"), giveUp.Token);
            await stream.WriteAsync(body, giveUp.Token);
            var buffer = new byte[4096];
            int read;
            while (!text.ToString().Contains("\r\n", StringComparison.Ordinal) && (read = await stream.ReadAsync(buffer, giveUp.Token)) > 0)
            {
                text.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }
        }
        catch (IOException)
        {
            // Reset after (or instead of) the answer.
        }

        var response = text.ToString();
        return response.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) && response.Length >= 12
            ? int.Parse(response.AsSpan(9, 3), CultureInfo.InvariantCulture)
            : 0;
    }
}
