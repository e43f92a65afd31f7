using System.Globalization;
using System.Net;
using System.Text;
using SshBot.Diagnostics.Targets;

namespace SshBot.Diagnostics.OpenSsh;

/// <summary>
/// Builds the argument list of one <c>ssh</c> run. Only the validated target's host, port and
/// user come from a request; every option is fixed here or comes from configuration:
/// debug output on, no prompts, strict host key checking against the bot's own known_hosts
/// and nothing else, no user ssh_config, no agent, no forwarding, only the configured key,
/// <c>--</c> right before the host, and a remote command from <see cref="RemoteCommand"/>.
/// </summary>
public static class OpenSshCommand
{
    /// <summary>Used as <c>-F</c> when no jump host is configured: no ssh_config is read at all.</summary>
    public const string NoConfigFile = "/dev/null";

    /// <summary>
    /// The arguments for <paramref name="target"/>. When <paramref name="address"/> is given (the
    /// address the policy validated) ssh connects to it and checks the host key under the
    /// target's name (<c>HostKeyAlias</c>), so the name is never resolved a second time.
    /// <paramref name="configFile"/> is <see cref="NoConfigFile"/> unless a jump host is
    /// configured, then the file written from <see cref="ConfigText"/>.
    /// </summary>
    public static IReadOnlyList<string> Build(OpenSshOptions options, Target target, RemoteCommand command, IPAddress? address = null, string configFile = NoConfigFile)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(target);
        if (!options.HasIdentity)
        {
            throw new InvalidOperationException("ssh cannot run without the bot's identity (Ssh:IdentityFile).");
        }

        var args = new List<string> { "-v", "-F", configFile };
        foreach (var (name, value) in FixedOptions(options))
        {
            args.Add("-o");
            args.Add($"{name}={value}");
        }

        args.Add("-i");
        args.Add(options.IdentityFile!);
        if (options.ParsedJumpHost is { } jump)
        {
            args.Add("-J");
            args.Add(jump.ToString());
        }

        var connectTo = target.Host;
        if (address is not null && !string.Equals(address.ToString(), target.Host, StringComparison.Ordinal))
        {
            // Connect to the validated address; look the key up under the name the user gave.
            args.Add("-o");
            args.Add("HostKeyAlias=" + KnownHostsName(target));
            connectTo = address.ToString();
        }

        args.Add("-p");
        args.Add(target.Port.ToString(CultureInfo.InvariantCulture));
        if ((string.IsNullOrEmpty(options.User) ? target.User : options.User) is { } user)
        {
            args.Add("-l");
            args.Add(user);
        }

        args.Add("--");
        args.Add(connectTo);
        args.AddRange(command switch
        {
            RemoteCommand.None => ["true"],
            RemoteCommand.Shell => ["/bin/sh", "-s"],
            _ => throw new ArgumentOutOfRangeException(nameof(command), command, "unknown remote command"),
        });
        return args;
    }

    /// <summary>
    /// The ssh_config written for runs through a jump host: ssh starts a second ssh for the
    /// jump hop with <c>-F</c> but none of the <c>-o</c> options, so the same rules must be in
    /// the file for that hop to be held to them.
    /// </summary>
    public static string ConfigText(OpenSshOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var text = new StringBuilder("# Written by sshbot for ssh runs through the jump host; regenerated on start.\nHost *\n");
        foreach (var (name, value) in FixedOptions(options))
        {
            text.Append("  ").Append(name).Append(' ').Append(value).Append('\n');
        }

        text.Append("  IdentityFile ").Append(options.IdentityFile).Append('\n');
        return text.ToString();
    }

    /// <summary>The name a host's keys are filed under in known_hosts: <c>host</c>, or <c>[host]:port</c> off port 22.</summary>
    public static string KnownHostsName(Target target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return target.Port == Target.DefaultPort ? target.Host : $"[{target.Host}]:{target.Port.ToString(CultureInfo.InvariantCulture)}";
    }

    private static IEnumerable<(string Name, string Value)> FixedOptions(OpenSshOptions options)
    {
        yield return ("BatchMode", "yes");
        yield return ("StrictHostKeyChecking", "yes");
        yield return ("UserKnownHostsFile", options.KnownHostsFile ?? throw new InvalidOperationException("Ssh:KnownHostsFile is not set."));
        yield return ("GlobalKnownHostsFile", "/dev/null");
        yield return ("UpdateHostKeys", "no");
        yield return ("CheckHostIP", "no");
        yield return ("ConnectTimeout", ((int)Math.Ceiling(options.ConnectTimeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture));
        yield return ("IdentitiesOnly", "yes");
        yield return ("IdentityAgent", "none");
        yield return ("PasswordAuthentication", "no");
        yield return ("KbdInteractiveAuthentication", "no");
        yield return ("ForwardAgent", "no");
        yield return ("ForwardX11", "no");
        yield return ("ClearAllForwardings", "yes");
        yield return ("PermitLocalCommand", "no");
        yield return ("ControlMaster", "no");
        yield return ("ControlPath", "none");
        yield return ("RequestTTY", "no");
        yield return ("EscapeChar", "none");
        if (!string.IsNullOrEmpty(options.CertificateFile))
        {
            yield return ("CertificateFile", options.CertificateFile);
        }
    }
}
