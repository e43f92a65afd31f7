namespace SshBot.Diagnostics.ClientLogs;

/// <summary>
/// Finds the command the user ran (<c>$ ssh -p 2222 deploy@web-01</c>, <c>PS C:\&gt; ssh.exe ...</c>,
/// <c>plink -P 22 ...</c>) behind a shell prompt and reads host, port and user from its arguments,
/// and the authentication methods it limits the client to (<c>-o PreferredAuthentications=password</c>).
/// </summary>
internal static class CommandLineReader
{
    public sealed record Destination(string? Host, int? Port, string? User)
    {
        /// <summary>The only methods the client may use, when the command names them.</summary>
        public IReadOnlyList<string>? Methods { get; init; }

        /// <summary>The command ran as root (<c>sudo ssh ...</c>, <c>doas ssh ...</c>).</summary>
        public bool Elevated { get; init; }

        /// <summary>The program: ssh, scp, sftp, plink, putty, autossh or git (without ".exe").</summary>
        public string Command { get; init; } = "ssh";
    }

    /// <summary>Programs that run the command after them: sudo and doas (as root), and those that only wrap it.</summary>
    private static readonly string[] Runners = ["sudo", "doas", "time", "nohup", "command", "exec", "env", "nice", "caffeinate"];

    /// <summary>Options of sudo and doas that take a value ("sudo -u deploy ssh ...").</summary>
    private const string RunnerOptionsWithValue = "ugCDhprtTUn";

    private static readonly string[] Commands = ["ssh", "ssh.exe", "scp", "scp.exe", "sftp", "sftp.exe", "plink", "plink.exe", "putty", "putty.exe", "autossh", "git", "git.exe"];

    public static Destination? Read(string line)
    {
        var tokens = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length < 2 || tokens.Length > 64)
        {
            return null;
        }

        // The command starts the line, or follows a prompt's last token: "$", "~ %" (zsh),
        // "[ops@laptop ~]$" (bash), "PS C:\>" (PowerShell), "+" (a shell tracing its commands);
        // or a program that runs it ("sudo -u deploy ssh ...", "time ssh ...", "env TERM=xterm ssh ...").
        var after = -1;
        var elevated = false;
        for (var i = 0; i < tokens.Length && i < 12; i++)
        {
            var token = tokens[i];
            var glued = token.LastIndexOf('>');
            if (glued >= 0 && glued < token.Length - 1 && (i == 0 || token[..glued].Contains('\\', StringComparison.Ordinal)))
            {
                // "C:\Users\me>ssh" (cmd.exe puts no space after its prompt; "C:\Program Files\OpenSSH>sftp" has a space in it).
                token = token[(glued + 1)..];
            }
            else if (i > 0 && i != after && !IsPromptEnd(tokens[i - 1]) && !(i == 1 && tokens[0] == "PS"))
            {
                continue;
            }

            var name = Path.GetFileName(token.Replace('\\', '/')).ToLowerInvariant();
            if (Commands.Contains(name))
            {
                return Parse(name, tokens.AsSpan(i + 1)) is { } destination
                    ? destination with { Elevated = elevated, Command = Path.GetFileNameWithoutExtension(name) }
                    : null;
            }

            if (Runners.Contains(name) || IsAssignment(token))
            {
                elevated |= name is "sudo" or "doas";
                var next = i + 1;
                while (next < tokens.Length && (tokens[next].StartsWith('-') || IsAssignment(tokens[next])))
                {
                    var option = tokens[next];
                    next += option.Length == 2 && name is "sudo" or "doas" && RunnerOptionsWithValue.Contains(option[1], StringComparison.Ordinal) ? 2 : 1;
                }

                after = next;
                i = next - 1;
            }
        }

        return null;
    }

    /// <summary>An environment assignment before a command ("TERM=xterm").</summary>
    private static bool IsAssignment(string token)
    {
        var equals = token.IndexOf('=', StringComparison.Ordinal);
        return equals > 0 && token[..equals].All(c => char.IsAsciiLetterOrDigit(c) || c == '_') && char.IsAsciiLetter(token[0]);
    }

    private static bool IsPromptEnd(string token) => token[^1] is '$' or '#' or '>' or '%' or '+';

    private static Destination? Parse(string command, ReadOnlySpan<string> args)
    {
        if (command.StartsWith("git", StringComparison.Ordinal))
        {
            // git clone git@host:org/repo.git, or ssh://git@host:2222/org/repo.git.
            foreach (var arg in args)
            {
                if (arg.Contains("ssh://", StringComparison.OrdinalIgnoreCase) || (arg.Contains('@', StringComparison.Ordinal) && arg.Contains(':', StringComparison.Ordinal)))
                {
                    return ParseDestination(arg, scp: !arg.Contains("://", StringComparison.Ordinal));
                }
            }

            return null;
        }

        var plink = command.StartsWith("plink", StringComparison.Ordinal) || command.StartsWith("putty", StringComparison.Ordinal);
        var scpLike = command.StartsWith("scp", StringComparison.Ordinal) || command.StartsWith("sftp", StringComparison.Ordinal);
        var withValue = plink ? "PlimLRDo" : scpLike ? "BbcDFiJloPRS" : "BbcDEeFIiJLlmOopQRSWw";
        var portLetter = plink || scpLike ? 'P' : 'p';
        int? port = null;
        string? user = null;
        IReadOnlyList<string>? methods = null;
        Destination? found = null;
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg.Length > 1 && arg[0] == '-')
            {
                var letter = arg[1];
                if (plink && arg.Length > 2 && arg[2] != '-' && !char.IsDigit(arg[2]))
                {
                    // plink's long options (-pw, -load, -hostkey) take a value too.
                    i++;
                    continue;
                }

                if (!withValue.Contains(letter, StringComparison.Ordinal))
                {
                    continue;
                }

                var value = arg.Length > 2 ? arg[2..] : i + 1 < args.Length ? args[++i] : "";
                if (letter == portLetter)
                {
                    port = ParsePort(value) ?? port;
                }
                else if (letter == 'l')
                {
                    user = value;
                }
                else if (letter == 'o')
                {
                    ReadOption(value, ref port, ref user, ref methods);
                }

                continue;
            }

            if (found is not null)
            {
                // The remote command (or scp's second path): ssh reads options after the
                // destination too, but nothing after its command.
                break;
            }

            found = ParseDestination(arg, scpLike && command.StartsWith("scp", StringComparison.Ordinal));
        }

        return found is null ? null : found with { Port = found.Port ?? port, User = found.User ?? user, Methods = methods };
    }

    private static void ReadOption(string option, ref int? port, ref string? user, ref IReadOnlyList<string>? methods)
    {
        var parts = option.Split(['=', ' '], 2, StringSplitOptions.TrimEntries);
        if (parts.Length != 2)
        {
            return;
        }

        if (parts[0].Equals("Port", StringComparison.OrdinalIgnoreCase))
        {
            port = ParsePort(parts[1]) ?? port;
        }
        else if (parts[0].Equals("User", StringComparison.OrdinalIgnoreCase))
        {
            user = parts[1];
        }
        else if (parts[0].Equals("PreferredAuthentications", StringComparison.OrdinalIgnoreCase))
        {
            // ssh uses no method this list leaves out.
            methods = parts[1].Trim('"', '\'').Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }
    }

    private static Destination? ParseDestination(string arg, bool scp)
    {
        int? port = null;
        var rest = arg.Trim('"', '\'');
        if (rest.StartsWith("ssh://", StringComparison.OrdinalIgnoreCase) || rest.StartsWith("sftp://", StringComparison.OrdinalIgnoreCase))
        {
            rest = rest[(rest.IndexOf("//", StringComparison.Ordinal) + 2)..];
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            if (slash >= 0)
            {
                rest = rest[..slash];
            }

            var colon = rest.LastIndexOf(':');
            if (colon > rest.LastIndexOf(']') && colon > 0)
            {
                port = ParsePort(rest[(colon + 1)..]);
                rest = rest[..colon];
            }
        }
        else if (scp)
        {
            var colon = rest.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                return null;
            }

            rest = rest[..colon];
        }

        string? user = null;
        var at = rest.LastIndexOf('@');
        if (at >= 0)
        {
            user = rest[..at];
            rest = rest[(at + 1)..];
        }

        rest = rest.Trim('[', ']');
        return rest.Length == 0 ? null : new Destination(rest, port, user is { Length: > 0 } ? user : null);
    }

    private static int? ParsePort(string text) =>
        int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var p) && p is > 0 and <= 65535 ? p : null;
}
