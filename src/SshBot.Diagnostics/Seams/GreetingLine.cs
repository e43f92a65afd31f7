using System.Net.Sockets;
using System.Text;

namespace SshBot.Diagnostics.Seams;

/// <summary>Reads a server's first line on a path connect, or sees it close, within a time limit.</summary>
internal static class GreetingLine
{
    private const int MaxBytes = 256;

    public static async Task<(PathGreeting Greeting, string? Line)> ReadAsync(Stream stream, CancellationToken limit, CancellationToken caller)
    {
        var buffer = new byte[MaxBytes];
        var filled = 0;
        try
        {
            while (filled < MaxBytes)
            {
                var n = await stream.ReadAsync(buffer.AsMemory(filled), limit);
                if (n == 0)
                {
                    return (PathGreeting.Refused, Line(buffer, filled));
                }

                filled += n;
                if (buffer.AsSpan(0, filled).StartsWith("SSH-"u8))
                {
                    return (PathGreeting.Identified, null);
                }

                var end = buffer.AsSpan(0, filled).IndexOf((byte)'\n');
                if (end >= 0 && !"SSH-"u8.StartsWith(buffer.AsSpan(0, Math.Min(filled, 4))))
                {
                    // A line before the banner (sshd writes "Exceeded MaxStartups" and closes):
                    // keep it, and the close that follows is what decides.
                    var line = Line(buffer, end);
                    var more = await WaitCloseAsync(stream, limit);
                    return (more ? PathGreeting.Silent : PathGreeting.Refused, line);
                }
            }

            return (PathGreeting.Silent, Line(buffer, filled));
        }
        catch (OperationCanceledException) when (!caller.IsCancellationRequested)
        {
            return (PathGreeting.Silent, filled == 0 ? null : Line(buffer, filled));
        }
        catch (IOException e) when (e.InnerException is SocketException)
        {
            return (PathGreeting.Refused, filled == 0 ? null : Line(buffer, filled));
        }
    }

    /// <summary>True when more data came (the line was not the last word), false when the server closed.</summary>
    private static async Task<bool> WaitCloseAsync(Stream stream, CancellationToken limit)
    {
        var scratch = new byte[64];
        try
        {
            return await stream.ReadAsync(scratch, limit) > 0;
        }
        catch (IOException e) when (e.InnerException is SocketException)
        {
            return false;
        }
        catch (OperationCanceledException)
        {
            return true;
        }
    }

    private static string? Line(byte[] buffer, int length)
    {
        var text = Encoding.ASCII.GetString(buffer, 0, length).TrimEnd('\r', '\n');
        var printable = new string(text.Select(c => c is >= ' ' and < '\x7f' ? c : '.').ToArray());
        return printable.Length == 0 ? null : printable;
    }
}
