using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using SshBot.Diagnostics.Seams;

namespace SshBot.Diagnostics.Probes.Identify;

/// <summary>
/// A second look at a server that closed (or reset) the connection on the SSH identification
/// line without sending a byte: is it a TLS service? OpenSSL, and the many servers built on it,
/// close silently on a first record that is not TLS, which looks just like TCP wrappers or a
/// load balancer without a backend. One more connection that opens with a TLS ClientHello tells
/// them apart: any TLS server answers it with a record (a ServerHello, 0x16 0x03, or an alert,
/// 0x15 0x03), and an sshd or a closing listener does not.
/// </summary>
public static class TlsCheck
{
    /// <summary>The longest the second look waits for an answer.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(1);

    /// <summary>What came back: tls (with the first bytes), ssh, closed, silent or error.</summary>
    public sealed record Result(string Outcome, byte[] FirstBytes);

    public static async Task<Result> RunAsync(ISocketConnector connector, IPEndPoint endpoint, TimeSpan wait, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connector);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(wait < MaxWait ? wait : MaxWait);
        try
        {
            await using var stream = await connector.ConnectAsync(endpoint, limit.Token);
            await stream.WriteAsync(ClientHello(), limit.Token);
            var buffer = new byte[FirstBytes.Shown];
            var n = await stream.ReadAtLeastAsync(buffer, 5, throwOnEndOfStream: false, limit.Token);
            var first = buffer[..n];
            if (n >= 2 && first[0] is >= 0x14 and <= 0x17 && first[1] == 0x03)
            {
                return new Result("tls", first);
            }

            return new Result(first.AsSpan().StartsWith("SSH-"u8) ? "ssh" : n == 0 ? "closed" : "other", first);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new Result("silent", []);
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            return new Result("closed", []);
        }
    }

    /// <summary>A TLS 1.2 ClientHello any TLS server answers (ECDHE with AES-GCM, P-256, ECDSA or RSA-PSS signatures).</summary>
    internal static byte[] ClientHello()
    {
        byte[] suites = [0xC0, 0x2B, 0xC0, 0x2F, 0x00, 0x9C, 0x13, 0x01];
        byte[] extensions =
        [
            0x00, 0x0A, 0x00, 0x04, 0x00, 0x02, 0x00, 0x17, // supported_groups: secp256r1
            0x00, 0x0B, 0x00, 0x02, 0x01, 0x00, // ec_point_formats: uncompressed
            0x00, 0x0D, 0x00, 0x06, 0x00, 0x04, 0x04, 0x03, 0x08, 0x04, // signature_algorithms
        ];
        var body = new List<byte> { 0x03, 0x03 };
        body.AddRange(RandomNumberGenerator.GetBytes(32));
        body.Add(0x00); // no session id
        body.AddRange([0x00, (byte)suites.Length]);
        body.AddRange(suites);
        body.AddRange([0x01, 0x00]); // null compression only
        body.AddRange([(byte)(extensions.Length >> 8), (byte)extensions.Length]);
        body.AddRange(extensions);
        var handshake = new List<byte> { 0x01, 0x00, (byte)(body.Count >> 8), (byte)body.Count };
        handshake.AddRange(body);
        var record = new List<byte> { 0x16, 0x03, 0x01, (byte)(handshake.Count >> 8), (byte)handshake.Count };
        record.AddRange(handshake);
        return [.. record];
    }
}
