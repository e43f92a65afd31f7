using System.Net;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace SshBot.Diagnostics.SshSessions;

/// <summary>
/// Fetches a host's public keys for <c>sshbot hosts trust</c> in-process: one key exchange per
/// key family (ed25519, ECDSA, RSA with SHA-2 signatures), each stopped in
/// <c>HostKeyReceived</c>, so nothing is ever authenticated and the key shown is one the server
/// proved it holds. Only the validated address is dialled.
/// </summary>
public static class HostKeyFetcher
{
    /// <summary>The families asked for, most preferred first, each as the algorithms offered for it.</summary>
    private static readonly string[][] Families =
    [
        ["ssh-ed25519"],
        ["ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521"],
        ["rsa-sha2-512", "rsa-sha2-256"],
    ];

    public static async Task<HostKeyScan> FetchAsync(IPAddress address, int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        var keys = new List<HostKeyLine>();
        string? problem = null;
        foreach (var family in Families)
        {
            var (key, error) = await FetchOneAsync(address, port, family, timeout, cancellationToken);
            if (key is not null && !keys.Contains(key))
            {
                keys.Add(key);
            }

            problem ??= error;
        }

        return new HostKeyScan(keys, keys.Count > 0 ? null : problem ?? "no host key was returned");
    }

    private static async Task<(HostKeyLine? Key, string? Error)> FetchOneAsync(IPAddress address, int port, string[] family, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var connection = new ConnectionInfo(address.ToString(), port, "sshbot", new NoneAuthenticationMethod("sshbot")) { Timeout = timeout };
        BotAlgorithms.Restrict(connection, offerHostCertificates: false);
        foreach (var name in connection.HostKeyAlgorithms.Keys.Where(n => !family.Contains(n)).ToArray())
        {
            connection.HostKeyAlgorithms.Remove(name, out _);
        }

        HostKeyLine? key = null;
        using var client = new SshClient(connection);
        client.HostKeyReceived += (_, e) =>
        {
            key = HostKeyLine.TypeOf(e.HostKey) is { } type ? HostKeyLine.TryParse(type, Convert.ToBase64String(e.HostKey)) : null;
            e.CanTrust = false;
        };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await Task.Run(() => client.ConnectAsync(deadline.Token), CancellationToken.None).WaitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is SshException or System.Net.Sockets.SocketException or OperationCanceledException or TimeoutException)
        {
            if (key is null)
            {
                return (null, e is OperationCanceledException ? "the host did not answer in time" : e.Message);
            }
        }

        return (key, null);
    }
}

/// <summary>The keys a host presented, or why there are none.</summary>
public sealed record HostKeyScan(IReadOnlyList<HostKeyLine> Keys, string? Problem);
