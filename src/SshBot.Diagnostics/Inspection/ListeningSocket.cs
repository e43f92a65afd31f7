using System.Globalization;
using System.Text.RegularExpressions;

namespace SshBot.Diagnostics.Inspection;

/// <summary>One listening TCP socket from <c>ss -tlnp</c>, <c>netstat -tlnp</c> or /proc/net/tcp, with the owning process when known.</summary>
public sealed partial record ListeningSocket(string LocalAddress, int Port, int? Pid, string? Process)
{
    /// <summary>Reads the <c>listening</c> section; lines it cannot read are skipped.</summary>
    public static IReadOnlyList<ListeningSocket> Parse(InspectionSection? section)
    {
        var sockets = new List<ListeningSocket>();
        if (section is null)
        {
            return sockets;
        }

        var format = section.Lines.FirstOrDefault(l => l.StartsWith("# ", StringComparison.Ordinal)) ?? "# ss";
        foreach (var line in section.Lines)
        {
            if (line.StartsWith('#'))
            {
                continue;
            }

            var socket = format switch
            {
                "# proc" => FromProc(line),
                "# netstat" => FromNetstat(line),
                _ => FromSs(line),
            };
            if (socket is not null)
            {
                sockets.Add(socket);
            }
        }

        return sockets;
    }

    // LISTEN 0 128 198.18.0.10:22 0.0.0.0:* users:(("sshd",pid=6994,fd=4))
    private static ListeningSocket? FromSs(string line)
    {
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 4 || fields[0] != "LISTEN" || !TrySplitEndpoint(fields[3], out var address, out var port))
        {
            return null;
        }

        var user = SsUser().Match(line);
        return user.Success
            ? new ListeningSocket(address, port, int.Parse(user.Groups[2].Value, CultureInfo.InvariantCulture), user.Groups[1].Value)
            : new ListeningSocket(address, port, null, null);
    }

    // tcp 0 0 0.0.0.0:22 0.0.0.0:* LISTEN 123/sshd
    private static ListeningSocket? FromNetstat(string line)
    {
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 6 || !fields[0].StartsWith("tcp", StringComparison.Ordinal) || fields[5] != "LISTEN" || !TrySplitEndpoint(fields[3], out var address, out var port))
        {
            return null;
        }

        if (fields.Length > 6 && fields[6].Split('/', 2) is [var pid, var program] && int.TryParse(pid, CultureInfo.InvariantCulture, out var p))
        {
            return new ListeningSocket(address, port, p, program);
        }

        return new ListeningSocket(address, port, null, null);
    }

    // 0: 0A1200C6:0016 00000000:0000 0A ...
    private static ListeningSocket? FromProc(string line)
    {
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 4 || fields[3] != "0A" || fields[1].Split(':') is not [var hex, var hexPort]
            || !int.TryParse(hexPort, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var port))
        {
            return null;
        }

        return new ListeningSocket(hex, port, null, null);
    }

    private static bool TrySplitEndpoint(string endpoint, out string address, out int port)
    {
        var colon = endpoint.LastIndexOf(':');
        address = colon > 0 ? endpoint[..colon] : "";
        port = 0;
        return colon > 0 && int.TryParse(endpoint.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out port);
    }

    [GeneratedRegex("""users:\(\("([^"]+)",pid=(\d+)""")]
    private static partial Regex SsUser();
}
