using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using SshBot.Diagnostics.Engine;

namespace SshBot.Diagnostics.Probes.Negotiate;

/// <summary>
/// Sends a client KEXINIT proposing everything the known client profiles offer, reads the
/// server's KEXINIT, records every algorithm list, and names each profile that would find no
/// common key exchange, host key, cipher or MAC. Nothing is computed with keys: the probe
/// stops before the key exchange itself, with a polite disconnect.
/// </summary>
public sealed class NegotiateStage : IDiagnosisStage
{
    public const string StageName = StageNames.Negotiate;

    private const byte MsgDisconnect = 1;
    private const byte MsgIgnore = 2;
    private const byte MsgDebug = 4;
    private const int MaxSkippedPackets = 8;

    public string Name => StageName;

    public IReadOnlyList<string> DependsOn => [StageNames.Identify];

    public TimeSpan GetTimeout(DiagnosisOptions options) => options.NegotiateTimeout;

    public async Task<StageOutcome> RunAsync(DiagnosisContext context, CancellationToken cancellationToken)
    {
        var wire = context.Connection ?? throw new InvalidOperationException("negotiate needs an open connection");
        var o = context.Observations;
        var start = Stopwatch.GetTimestamp();
        try
        {
            await wire.WriteAsync(SshPacket.Frame(KexInitCodec.Write(ClientProfile.ProbeProposal)), cancellationToken);
            for (var skipped = 0; ; skipped++)
            {
                var payload = await SshPacket.ReadAsync(wire, cancellationToken);
                if (payload.Length > 0 && payload[0] is MsgIgnore or MsgDebug && skipped < MaxSkippedPackets)
                {
                    continue;
                }

                if (payload.Length > 0 && payload[0] == MsgDisconnect)
                {
                    return Finish("disconnect", DisconnectText(payload));
                }

                var server = KexInitCodec.Parse(payload);
                Record(context, server, start);
                await SayGoodbyeAsync(wire, cancellationToken);
                return StageOutcome.Ok($"{server.Kex.Count} kex, {server.HostKey.Count} host key, {server.CipherClientToServer.Count} cipher, {server.MacClientToServer.Count} MAC algorithms");
            }
        }
        catch (MalformedPacketException e)
        {
            return Finish("malformed", e.Message);
        }
        catch (EndOfStreamException)
        {
            return Finish("closed", "the server closed the connection before its KEXINIT");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Finish("timeout", "no KEXINIT from the server in time");
        }
        catch (IOException e) when (e.InnerException is SocketException)
        {
            return Finish("reset", "the connection was reset before the server's KEXINIT");
        }

        StageOutcome Finish(string status, string detail)
        {
            o.Set("ssh.kex.status", status);
            o.Set("ssh.kex.error", detail);
            o.Set("ssh.kex.ms", Math.Round(Stopwatch.GetElapsedTime(start).TotalMilliseconds));
            return StageOutcome.Fail(detail);
        }
    }

    private static void Record(DiagnosisContext context, KexInit server, long start)
    {
        var o = context.Observations;
        o.Set("ssh.kex.status", "received");
        o.Set("ssh.kex.ms", Math.Round(Stopwatch.GetElapsedTime(start).TotalMilliseconds));
        o.Set("ssh.kex.kex", server.Kex);
        o.Set("ssh.kex.hostkey", server.HostKey);
        o.Set("ssh.kex.cipher_c2s", server.CipherClientToServer);
        o.Set("ssh.kex.cipher_s2c", server.CipherServerToClient);
        o.Set("ssh.kex.mac_c2s", server.MacClientToServer);
        o.Set("ssh.kex.mac_s2c", server.MacServerToClient);
        o.Set("ssh.kex.compression_c2s", server.CompressionClientToServer);
        o.Set("ssh.kex.compression_s2c", server.CompressionServerToClient);
        var gaps = NegotiationAnalyzer.Analyze(server, ClientProfile.All);
        o.Set("ssh.kex.mismatch.kex", gaps.Kex);
        o.Set("ssh.kex.mismatch.hostkey", gaps.HostKey);
        o.Set("ssh.kex.mismatch.cipher", gaps.Cipher);
        o.Set("ssh.kex.mismatch.mac", gaps.Mac);
    }

    /// <summary>SSH_MSG_DISCONNECT, reason 11 (by application): the server logs a clean goodbye, not an error.</summary>
    private static async Task SayGoodbyeAsync(SshWire wire, CancellationToken cancellationToken)
    {
        var text = "SshBot probe finished"u8;
        var payload = new byte[1 + 4 + 4 + text.Length + 4];
        payload[0] = MsgDisconnect;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(payload.AsSpan(1), 11);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(payload.AsSpan(5), (uint)text.Length);
        text.CopyTo(payload.AsSpan(9));
        try
        {
            await wire.WriteAsync(SshPacket.Frame(payload), cancellationToken);
        }
        catch (IOException)
        {
            // The server may already have gone; the probe has what it came for.
        }
    }

    private static string DisconnectText(byte[] payload)
    {
        if (payload.Length < 9)
        {
            return "the server sent a disconnect";
        }

        var length = (int)Math.Min(System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(payload.AsSpan(5)), (uint)(payload.Length - 9));
        var text = Encoding.UTF8.GetString(payload, 9, length);
        return "the server disconnected: " + new string(text.Where(c => !char.IsControl(c)).Take(200).ToArray());
    }
}
