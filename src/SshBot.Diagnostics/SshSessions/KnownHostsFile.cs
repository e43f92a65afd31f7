using SshBot.Diagnostics.Targets;

namespace SshBot.Diagnostics.SshSessions;

/// <summary>
/// The bot's own known_hosts file: read the keys pinned for a name, and pin new ones (replacing
/// that name's old lines) with an atomic rewrite readable by the bot only. Hashed lines and
/// <c>@cert-authority</c>/<c>@revoked</c> lines are kept untouched.
/// </summary>
public static class KnownHostsFile
{
    /// <summary>The name a host's keys are filed under: <c>host</c>, or <c>[host]:port</c> off port 22 (as OpenSSH files them).</summary>
    public static string NameFor(Target target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return target.Port == Target.DefaultPort ? target.Host : $"[{target.Host}]:{target.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
    }

    /// <summary>The keys pinned for <paramref name="name"/> (<c>host</c> or <c>[host]:port</c>).</summary>
    public static IReadOnlyList<HostKeyLine> Find(string path, string name)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            return [];
        }

        var keys = new List<HostKeyLine>();
        foreach (var line in File.ReadLines(path))
        {
            var fields = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 3 && !fields[0].StartsWith('#') && !fields[0].StartsWith('@')
                && fields[0].Split(',').Contains(name, StringComparer.OrdinalIgnoreCase)
                && HostKeyLine.TryParse(fields[1], fields[2]) is { } key)
            {
                keys.Add(key);
            }
        }

        return keys;
    }

    /// <summary>Makes <paramref name="keys"/> the only keys pinned for <paramref name="name"/>; returns how many old ones went.</summary>
    public static int Pin(string path, string name, IReadOnlyCollection<HostKeyLine> keys)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(keys);
        var kept = new List<string>();
        var removed = 0;
        if (File.Exists(path))
        {
            foreach (var line in File.ReadLines(path))
            {
                var fields = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length >= 3 && !fields[0].StartsWith('#') && !fields[0].StartsWith('@'))
                {
                    var names = fields[0].Split(',');
                    if (names.Contains(name, StringComparer.OrdinalIgnoreCase))
                    {
                        removed++;
                        var others = names.Where(n => !string.Equals(n, name, StringComparison.OrdinalIgnoreCase)).ToArray();
                        if (others.Length > 0)
                        {
                            kept.Add(string.Join(',', others) + " " + string.Join(' ', fields.Skip(1)));
                        }

                        continue;
                    }
                }

                kept.Add(line);
            }
        }

        kept.AddRange(keys.Select(k => $"{name} {k.KeyType} {k.Base64}"));
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(temp, System.Text.Encoding.ASCII, options))
        {
            foreach (var line in kept)
            {
                writer.Write(line);
                writer.Write('\n');
            }
        }

        File.Move(temp, path, overwrite: true);
        return removed;
    }
}
