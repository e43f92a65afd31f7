using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using SshBot.Diagnostics.Engine;

namespace SshBot.Diagnostics.Probes.Identify;

/// <summary>
/// Reads the server's identification line before sending anything. OpenSSH's client sends
/// its own line at once, but a server that refuses the connection (sshd past MaxStartups, a
/// ban) writes a line and closes: client bytes arriving after that close draw an RST, and the
/// RST can destroy the server's unread message. So the probe speaks only after the server's
/// line, or after <see cref="NudgeAfter"/> of silence, to draw an answer from services that
/// wait for the client (a web server answers with an HTTP error). Lines before the banner are
/// kept. Every outcome is an observation: received, closed before the banner, silence, a
/// reset, or a reply from something that is not SSH.
/// </summary>
public sealed partial class IdentifyStage : IDiagnosisStage
{
    public const string StageName = StageNames.Identify;

    /// <summary>RFC 4253 lets a server send other lines first; past this many, it is not an SSH server.</summary>
    public const int MaxPreLines = 32;

    private const int MaxLineBytes = 1024;

    /// <summary>How long the server may stay silent before the probe sends its own line anyway.</summary>
    public static readonly TimeSpan NudgeAfter = TimeSpan.FromSeconds(1);

    public string Name => StageName;

    public IReadOnlyList<string> DependsOn => [StageNames.Connect];

    public TimeSpan GetTimeout(DiagnosisOptions options) => options.BannerTimeout;

    public async Task<StageOutcome> RunAsync(DiagnosisContext context, CancellationToken cancellationToken)
    {
        var wire = context.Connection ?? throw new InvalidOperationException("identify needs an open connection");
        var o = context.Observations;
        var preLines = new List<string>();
        var start = Stopwatch.GetTimestamp();
        var identification = Encoding.ASCII.GetBytes(context.Options.ClientIdentification + "\r\n");
        var sent = false;
        try
        {
            using (var nudge = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                nudge.CancelAfter(NudgeAfter < context.Options.BannerTimeout / 2 ? NudgeAfter : context.Options.BannerTimeout / 2);
                try
                {
                    await wire.WaitForDataAsync(nudge.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    await wire.WriteAsync(identification, cancellationToken);
                    sent = true;
                }
            }

            while (true)
            {
                var read = await wire.ReadLineAsync(MaxLineBytes, cancellationToken);
                if (read is null)
                {
                    return Finish(preLines.Any(LooksForeign) ? "not-ssh" : "closed-before-banner", "connection closed before the identification line");
                }

                var (bytes, complete) = read.Value;
                var text = Printable(bytes);
                if (bytes.AsSpan().StartsWith("SSH-"u8) && complete)
                {
                    if (!sent)
                    {
                        await wire.WriteAsync(identification, cancellationToken);
                    }

                    return Received(context, text, preLines, start);
                }

                preLines.Add(text);
                if (IsBinary(bytes) || LooksForeign(text) || preLines.Count > MaxPreLines || !complete)
                {
                    return Finish("not-ssh", "the service on the port is not SSH");
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            var partial = Printable(wire.Peek());
            if (partial.Length > 0 && !partial.StartsWith("SSH-", StringComparison.Ordinal))
            {
                preLines.Add(partial);
            }

            return preLines.Count > 0
                ? Finish("not-ssh", "the service on the port answered, but not with SSH")
                : Finish("timeout", "connected, but no identification line in time");
        }
        catch (IOException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown })
        {
            return Finish("reset", "the connection was reset before the identification line");
        }

        StageOutcome Finish(string status, string detail)
        {
            o.Set("ssh.banner.status", status);
            o.Set("ssh.banner.ms", ElapsedMs(start));
            o.Set("ssh.banner.pre_lines", preLines);
            if (status == "not-ssh" && preLines.Count > 0)
            {
                o.Set("ssh.banner.reply", Truncate(string.Join(" | ", preLines), 200));
            }

            return StageOutcome.Fail(detail);
        }
    }

    private static StageOutcome Received(DiagnosisContext context, string line, List<string> preLines, long start)
    {
        var o = context.Observations;
        o.Set("ssh.banner.status", "received");
        o.Set("ssh.banner.ms", ElapsedMs(start));
        o.Set("ssh.banner.line", line);
        o.Set("ssh.banner.pre_lines", preLines);
        var id = Identification.TryParse(line);
        if (id is null)
        {
            return StageOutcome.Fail($"malformed identification line '{line}'");
        }

        o.Set("ssh.banner.protocol", id.Protocol);
        o.Set("ssh.banner.software", id.Software);
        if (id.Comments is { } comments)
        {
            o.Set("ssh.banner.comments", comments);
        }

        if (id.Product is { } product)
        {
            o.Set("ssh.banner.product", product);
        }

        if (id.Version is { } version)
        {
            o.Set("ssh.banner.version", version);
        }

        return id.Protocol is "2.0" or "1.99"
            ? StageOutcome.Ok(line)
            : StageOutcome.Fail($"the server speaks only SSH protocol {id.Protocol}");
    }

    private static double ElapsedMs(long start) => Math.Round(Stopwatch.GetElapsedTime(start).TotalMilliseconds);

    private static bool IsBinary(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if ((b < 0x20 && b is not (byte)'\t' and not (byte)'\r') || b >= 0x7F)
            {
                return true;
            }
        }

        return false;
    }

    private static bool LooksForeign(string line) => ForeignGreeting().IsMatch(line);

    private static string Printable(ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder(bytes.Length);
        foreach (var b in bytes[..Math.Min(bytes.Length, 512)])
        {
            sb.Append(b is >= 0x20 and < 0x7F ? (char)b : '.');
        }

        return sb.ToString().TrimEnd('.');
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max] + "...";

    /// <summary>Greetings and replies of other protocols: HTTP, SMTP/FTP, POP3, IMAP, VNC, Redis, markup, JSON.</summary>
    [GeneratedRegex(@"^(HTTP/\d|\d{3}[ -]|\+OK|\* OK|-ERR|RFB \d|<|\{|\[)", RegexOptions.CultureInvariant)]
    private static partial Regex ForeignGreeting();
}
