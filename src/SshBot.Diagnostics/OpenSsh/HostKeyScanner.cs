using System.Globalization;
using System.Net;
using SshBot.Diagnostics.Seams;

namespace SshBot.Diagnostics.OpenSsh;

/// <summary>
/// Fetches a host's public keys with OpenSSH's <c>ssh-keyscan</c>: an argument list, <c>--</c>
/// before the validated address, a bounded time. Only lines that are well-formed keys come back.
/// </summary>
public sealed class HostKeyScanner(IProcessRunner? processes = null, string keyscanPath = "ssh-keyscan")
{
    private readonly IProcessRunner _processes = processes ?? new ProcessRunner();

    /// <summary>The key types asked for, most preferred first.</summary>
    public const string KeyTypes = "ed25519,ecdsa,rsa";

    public async Task<HostKeyScan> ScanAsync(IPAddress address, int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        var seconds = Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds));
        string[] arguments =
        [
            "-T", seconds.ToString(CultureInfo.InvariantCulture),
            "-p", port.ToString(CultureInfo.InvariantCulture),
            "-t", KeyTypes,
            "--", address.ToString(),
        ];
        var result = await _processes.RunAsync(new ProcessRequest(keyscanPath, arguments, null, timeout + TimeSpan.FromSeconds(5)), cancellationToken);
        var keys = new List<HostKeyLine>();
        foreach (var line in result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (line.StartsWith('#') || fields.Length < 3)
            {
                continue;
            }

            if (HostKeyLine.TryParse(fields[1], fields[2]) is { } key && !keys.Contains(key))
            {
                keys.Add(key);
            }
        }

        var problem = keys.Count > 0 ? null
            : result.TimedOut ? "ssh-keyscan did not finish in time"
            : result.Stderr.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.Length > 0 && !l.StartsWith('#')) ?? "no host key was returned";
        return new HostKeyScan(keys, problem);
    }
}

/// <summary>The keys a host presented, or why there are none.</summary>
public sealed record HostKeyScan(IReadOnlyList<HostKeyLine> Keys, string? Problem);
