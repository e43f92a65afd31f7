using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using SshBot.Diagnostics.Engine;
using SshBot.Diagnostics.Seams;

namespace SshBot.Diagnostics.Probes.Identify;

/// <summary>
/// Reads the server's identification line. Like OpenSSH's client, the probe sends its own line
/// at once and nothing else until the server's line is read, so the server sees exactly what
/// an engineer's ssh sends. Lines before the banner are kept: sshd says "Exceeded MaxStartups"
/// there before closing. A server that writes such a line and closes while our line is still
/// unread makes its kernel answer with an RST after the line; the line still arrives first, so
/// lines followed by a reset count as closed before the banner, not as a bare reset. Every
/// outcome is an observation: received, closed before the banner, silence, a reset, or a
/// reply from something that is not SSH.
/// </summary>
public sealed partial class IdentifyStage(ISocketConnector? connector = null) : IDiagnosisStage
{
    public const string StageName = StageNames.Identify;

    /// <summary>RFC 4253 lets a server send other lines first; past this many, it is not an SSH server.</summary>
    public const int MaxPreLines = 32;

    private const int MaxLineBytes = 1024;

    public string Name => StageName;

    public IReadOnlyList<string> DependsOn => [StageNames.Connect];

    public TimeSpan GetTimeout(DiagnosisOptions options) => options.BannerTimeout;

    public async Task<StageOutcome> RunAsync(DiagnosisContext context, CancellationToken cancellationToken)
    {
        var outcome = await ReadIdentificationAsync(context, cancellationToken);
        var o = context.Observations;
        // Only a clean close with no byte: a server that read the identification line and chose
        // to end the connection, as a TLS server does. One that closes without reading (TCP
        // wrappers, a listener with no backend) leaves the line unread, and its kernel resets.
        var silentClose = o.GetText("ssh.banner.status") == "closed-before-banner"
            && context.Connection!.FirstReceived.IsEmpty;
        if (!silentClose || connector is null || context.Learner is not null
            || !IPAddress.TryParse(o.GetText("tcp.address"), out var address))
        {
            return outcome;
        }

        // A single target only: in a batch one more connection per closing host is not worth it.
        var tls = await TlsCheck.RunAsync(connector, new IPEndPoint(address, context.Target.Port), context.Options.BannerTimeout, cancellationToken);
        o.Set("ssh.banner.tls_check", tls.Outcome);
        if (tls.Outcome != "tls")
        {
            return outcome;
        }

        o.Set("ssh.banner.status", "not-ssh");
        o.Set("ssh.banner.first_bytes", FirstBytes.Format(tls.FirstBytes));
        o.Set("ssh.banner.first_kind", "tls");
        o.Set("ssh.banner.reply", "a TLS record in answer to a TLS ClientHello");
        return StageOutcome.Fail("the service on the port is TLS: it closed on the SSH identification line and answered a TLS ClientHello");
    }

    private static async Task<StageOutcome> ReadIdentificationAsync(DiagnosisContext context, CancellationToken cancellationToken)
    {
        var wire = context.Connection ?? throw new InvalidOperationException("identify needs an open connection");
        var o = context.Observations;
        var preLines = new List<string>();
        var start = Stopwatch.GetTimestamp();
        try
        {
            await wire.WriteAsync(Encoding.ASCII.GetBytes(context.Options.ClientIdentification + "\r\n"), cancellationToken);
            while (true)
            {
                // Each line is judged on the bytes that have come so far, before its line end:
                // a byte no greeting line may hold decides at once, as OpenSSH's client does.
                var pending = wire.Peek();
                if (pending.IndexOf((byte)'\n') < 0)
                {
                    if (pending.Length > 0 && (FirstBytes.Judge(pending) == FirstBytes.Verdict.NotText || pending.Length >= MaxLineBytes || LooksForeign(Printable(pending))))
                    {
                        if (Printable(pending) is { Length: > 0 } shown)
                        {
                            preLines.Add(shown);
                        }

                        return Finish("not-ssh", "the service on the port is not SSH: its first bytes cannot start an identification line");
                    }

                    if (await wire.ReadMoreAsync(cancellationToken))
                    {
                        continue;
                    }

                    if (wire.Peek().IsEmpty)
                    {
                        return Finish(preLines.Any(LooksForeign) ? "not-ssh" : "closed-before-banner", "connection closed before the identification line");
                    }
                }

                var (bytes, complete) = (await wire.ReadLineAsync(MaxLineBytes, cancellationToken))!.Value;
                var text = Printable(bytes);
                if (bytes.AsSpan().StartsWith("SSH-"u8) && complete)
                {
                    return Received(context, text, preLines, start);
                }

                preLines.Add(text);
                if (FirstBytes.Judge(bytes) == FirstBytes.Verdict.NotText || LooksForeign(text) || preLines.Count > MaxPreLines || !complete)
                {
                    return Finish("not-ssh", "the service on the port is not SSH");
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // A line begun and never ended: text that is not the start of an identification
            // line is some other service's answer; a started "SSH-" line is a slow server.
            var partial = wire.Peek();
            if (partial.Length > 0 && !"SSH-"u8.StartsWith(partial[..Math.Min(partial.Length, 4)]))
            {
                preLines.Add(Printable(partial));
            }

            return preLines.Count > 0
                ? Finish("not-ssh", "the service on the port answered, but not with SSH")
                : Finish("timeout", "connected, but no identification line in time");
        }
        catch (IOException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown })
        {
            return preLines.Count == 0
                ? Finish("reset", "the connection was reset before the identification line")
                : Finish(preLines.Any(LooksForeign) ? "not-ssh" : "closed-before-banner", "the server wrote a line and ended the connection before its identification line");
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

            if (wire.FirstReceived is { Length: > 0 } first)
            {
                o.Set("ssh.banner.first_bytes", FirstBytes.Format(first));
                o.Set("ssh.banner.first_kind", FirstBytes.Kind(first));
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
