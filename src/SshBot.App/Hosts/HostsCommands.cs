using System.CommandLine;
using System.Globalization;
using System.Net;
using SshBot.App.Cli;
using SshBot.App.Diagnose;
using SshBot.App.Incidents;
using SshBot.Chat.Running;
using SshBot.Diagnostics.SshSessions;
using SshBot.Diagnostics.Probes.Authenticate;
using SshBot.Diagnostics.Seams;
using SshBot.Diagnostics.Targets;
using SshBot.Incidents;

namespace SshBot.App.Hosts;

/// <summary>
/// <c>sshbot hosts trust HOST [--port N] [--yes]</c> pins a host's keys in the bot's known_hosts
/// after showing their fingerprints; <c>sshbot hosts show HOST</c> lists the keys pinned and every
/// key the bot has seen for the host.
/// </summary>
internal static class HostsCommands
{
    public static Command Create(TextWriter output, TextWriter error, TextReader input)
    {
        var command = new Command("hosts", "The host keys the bot trusts for its own login (its known_hosts) and every key it has seen.");
        command.Subcommands.Add(Trust(output, error, input));
        command.Subcommands.Add(Show(output, error));
        return command;
    }

    private sealed record Common(Option<int?> Port, Option<string?> KnownHosts, Option<string?> DataDir, Option<string?> Store)
    {
        public static Common Create() => new(
            new Option<int?>("--port") { Description = "The SSH port (default: the one in HOST, else 22)." },
            new Option<string?>("--known-hosts") { Description = "The bot's known_hosts file. Default: Ssh__KnownHostsFile, else known_hosts in the data directory." },
            new Option<string?>("--data-dir") { Description = "The data directory (default: Storage__DataDirectory, else $XDG_DATA_HOME/sshbot or ~/.local/share/sshbot)." },
            new Option<string?>("--store") { Description = "sqlite or postgres (default: Storage__Provider, else sqlite): where seen keys are kept." });

        public IEnumerable<Option> All => [Port, KnownHosts, DataDir, Store];

        /// <summary>The validated target, the store and the known_hosts file both commands work on.</summary>
        /// <exception cref="TargetFormatException">The host or port is not a valid target.</exception>
        /// <exception cref="InvalidDataException">The store choice is invalid.</exception>
        /// <exception cref="SshConfigurationException">The known_hosts setting is unusable.</exception>
        public Inputs Read(ParseResult parsed, Argument<string> host)
        {
            var target = Resolve(parsed.GetValue(host)!, parsed.GetValue(Port));
            var settings = CliSettings.Load(
            [
                CliKeys.Value(CliKeys.Store, parsed.GetValue(Store)),
                CliKeys.Path(CliKeys.DataDirectory, parsed.GetValue(DataDir)),
                CliKeys.Path(CliKeys.KnownHostsFile, parsed.GetValue(KnownHosts)),
            ]);
            return new Inputs(target, settings.Store, KnownHostsPath(settings), settings);
        }
    }

    private sealed record Inputs(Target Target, IncidentStoreOptions StoreOptions, string KnownHosts, CliSettings Settings);

    private static Command Trust(TextWriter output, TextWriter error, TextReader input)
    {
        var host = new Argument<string>("host") { Description = "The host whose keys to pin: host, host:port or an address." };
        var yes = new Option<bool>("--yes") { Description = "Pin without asking (after printing the fingerprints)." };
        var timeout = new Option<double?>("--timeout") { Description = "Seconds to wait for the host's keys. Default 5." };
        var common = Common.Create();
        var command = new Command("trust", "Fetch HOST's keys (a key exchange per key type, nothing authenticated), print their SHA256 fingerprints, and on confirmation pin them in the bot's known_hosts.") { host, yes, timeout };
        foreach (var option in common.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parsed, ct) =>
        {
            Inputs inputs;
            TimeSpan wait;
            try
            {
                inputs = common.Read(parsed, host);
                var seconds = parsed.GetValue(timeout) ?? 5;
                wait = seconds is > 0 and <= 300 ? TimeSpan.FromSeconds(seconds) : throw new TargetFormatException("--timeout must be between 0 and 300 seconds.");
            }
            catch (Exception e) when (e is TargetFormatException or InvalidDataException or SshConfigurationException)
            {
                await error.WriteLineAsync($"sshbot: {e.Message}");
                return CliHost.ExitInvalidInput;
            }

            var (target, storeOptions, knownHosts, settings) = inputs;
            // The scan connects to the host, so its policy decision is audited like a diagnosis's (SECURITY.md 15).
            using var audit = CliAudit.Open(settings);
            if (audit.Problem() is { } unaudited)
            {
                await error.WriteLineAsync($"sshbot: {unaudited}");
                return CliHost.ExitFailure;
            }

            var address = await ValidatedAddressAsync(settings.Policy.WithRecorder(audit), target, error, ct);
            if (address is null)
            {
                return CliHost.ExitInvalidInput;
            }

            var name = KnownHostsFile.NameFor(target);
            var scan = await HostKeyFetcher.FetchAsync(address, target.Port, wait, ct);
            if (scan.Keys.Count == 0)
            {
                await error.WriteLineAsync($"sshbot: no host key from {name} ({address}): {scan.Problem}");
                return CliHost.ExitFailure;
            }

            var pinned = KnownHostsFile.Find(knownHosts, name);
            await output.WriteLineAsync($"{name} ({address}) presents:");
            foreach (var key in scan.Keys)
            {
                var state = pinned.Contains(key) ? "pinned already" : pinned.Count > 0 ? "NEW: differs from the pinned keys" : "new";
                await output.WriteLineAsync($"  {key.KeyType,-22} {key.Fingerprint}  ({state})");
            }

            foreach (var old in pinned.Where(k => !scan.Keys.Contains(k)))
            {
                await output.WriteLineAsync($"  replaces {old.KeyType,-13} {old.Fingerprint}");
            }

            if (!parsed.GetValue(yes))
            {
                await output.WriteAsync($"Compare these with the host's own (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub on its console). Pin them for {name} in {knownHosts}? [y/N] ");
                await output.FlushAsync(ct);
                var answer = (await input.ReadLineAsync(ct))?.Trim();
                if (answer is null || !(answer.Equals("y", StringComparison.OrdinalIgnoreCase) || answer.Equals("yes", StringComparison.OrdinalIgnoreCase)))
                {
                    await output.WriteLineAsync();
                    await output.WriteLineAsync("Not pinned; nothing changed.");
                    return CliHost.ExitFailure;
                }
            }

            var removed = KnownHostsFile.Pin(knownHosts, name, scan.Keys.ToArray());
            await output.WriteLineAsync($"Pinned {scan.Keys.Count} key(s) for {name} in {knownHosts}{(removed > 0 ? $", replacing {removed} old line(s)" : "")}.");
            await RecordAsync(storeOptions, target, scan.Keys, error, ct);
            return CliHost.ExitOk;
        });
        return command;
    }

    private static Command Show(TextWriter output, TextWriter error)
    {
        var host = new Argument<string>("host") { Description = "The host: host, host:port or an address." };
        var common = Common.Create();
        var command = new Command("show", "List the keys pinned for HOST in the bot's known_hosts and every key the bot has trusted for it, with dates.") { host };
        foreach (var option in common.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parsed, ct) =>
        {
            Inputs inputs;
            try
            {
                inputs = common.Read(parsed, host);
            }
            catch (Exception e) when (e is TargetFormatException or InvalidDataException or SshConfigurationException)
            {
                await error.WriteLineAsync($"sshbot: {e.Message}");
                return CliHost.ExitInvalidInput;
            }

            var (target, storeOptions, knownHosts, _) = inputs;

            var name = KnownHostsFile.NameFor(target);
            var pinned = KnownHostsFile.Find(knownHosts, name);
            await output.WriteLineAsync($"Pinned for {name} in {knownHosts}:");
            if (pinned.Count == 0)
            {
                await output.WriteLineAsync("  (none: the bot will refuse this host's key; pin it with 'sshbot hosts trust')");
            }

            foreach (var key in pinned)
            {
                await output.WriteLineAsync($"  {key.KeyType,-22} {key.Fingerprint}");
            }

            IReadOnlyList<HostKeyRecord> seen = [];
            if (StoreSelection.Exists(storeOptions))
            {
                try
                {
                    await using var store = await IncidentStoreFactory.CreateAsync(storeOptions, ct: ct);
                    seen = await new StoredHostKeyHistory(store).ListAsync(target.Host, target.Port, ct);
                }
                catch (IncidentStoreException e)
                {
                    await error.WriteLineAsync($"sshbot: the key history is unavailable: {e.Message}");
                }
            }

            await output.WriteLineAsync($"Keys the bot has trusted for {name}: {seen.Count}");
            foreach (var key in seen)
            {
                var now = pinned.Any(p => p.Fingerprint == key.Fingerprint) ? "pinned" : "no longer pinned";
                await output.WriteLineAsync($"  {key.KeyType,-22} {key.Fingerprint}  first {Date(key.FirstSeen)}, last {Date(key.LastSeen)}  ({now})");
            }

            return CliHost.ExitOk;
        });
        return command;
    }

    private static string Date(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static Target Resolve(string text, int? port)
    {
        var target = TargetParser.Parse(text);
        if (port is { } p)
        {
            if (p is < 1 or > 65535)
            {
                throw new TargetFormatException("--port must be a number from 1 to 65535.");
            }

            target = target with { Port = p };
        }

        return target with { User = null };
    }

    private static string KnownHostsPath(CliSettings settings)
    {
        var configured = settings.Configuration[CliKeys.KnownHostsFile];
        var path = Path.GetFullPath(string.IsNullOrWhiteSpace(configured) ? Path.Combine(settings.DataDirectory, SshSettings.KnownHostsFileName) : configured);
        // The same rules the bot's own use of the file applies.
        new SshOptions { KnownHostsFile = path }.CheckKnownHostsPath();
        return path;
    }

    /// <summary>The policy decides, on the address the name resolves to now; that address is the one scanned.</summary>
    private static async Task<IPAddress?> ValidatedAddressAsync(TargetPolicy policy, Target target, TextWriter error, CancellationToken ct)
    {
        var precheck = policy.Precheck(target, RequestOrigin.Cli);
        if (!precheck.Allowed)
        {
            await error.WriteLineAsync($"sshbot: {target} is refused: {precheck.Reason}.");
            return null;
        }

        IReadOnlyList<IPAddress> addresses;
        try
        {
            addresses = target.Address is { } literal ? [literal] : await new SystemDnsResolver().ResolveAsync(target.Host, ct);
        }
        catch (DnsResolutionException e)
        {
            await error.WriteLineAsync($"sshbot: {target.Host} does not resolve: {e.Message}");
            return null;
        }

        var decision = policy.Evaluate(target, addresses, RequestOrigin.Cli);
        if (!decision.Allowed || addresses.Count == 0)
        {
            await error.WriteLineAsync($"sshbot: {target} is refused: {decision.Reason}.");
            return null;
        }

        return addresses[0];
    }

    private static async Task RecordAsync(IncidentStoreOptions options, Target target, IReadOnlyList<HostKeyLine> keys, TextWriter error, CancellationToken ct)
    {
        try
        {
            await using var store = await IncidentStoreFactory.CreateAsync(options, ct: ct);
            var history = new StoredHostKeyHistory(store);
            foreach (var key in keys)
            {
                await history.RecordAsync(target.Host, target.Port, key.KeyType, key.Fingerprint, ct);
            }
        }
        catch (IncidentStoreException e)
        {
            await error.WriteLineAsync($"sshbot: pinned, but the key history could not be updated: {e.Message}");
        }
    }
}
