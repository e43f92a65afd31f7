using System.Text.RegularExpressions;

namespace SshBot.Diagnostics.ClientLogs;

/// <summary>Where the log connected to: the host, port and user its lines name, client by client.</summary>
public static partial class ClientLogParser
{
    /// <summary>OpenSSH's "Connecting to NAME [ADDRESS] port N": the name, the address and the port.</summary>
    internal static readonly Regex ConnectingOpenSsh = Pattern(@"Connecting to ([^\s\[]+) \[([^\]\s]*)\] port ([0-9]{1,5})");
    // PuTTY's "Connecting to HOST port N"; node ssh2's debug "Client: Trying HOST on port N ...".
    private static readonly Regex ConnectingPutty = Pattern(@"(?:Connecting to|Trying) ([^\s\[]+) (?:on )?port ([0-9]{1,5})");
    private static readonly Regex LookingUp = Pattern("Looking up host \"([^\"]+)\"");
    private static readonly Regex ConnectToHost = Pattern(@"connect to host ([^\s]+) port ([0-9]{1,5})(?::|\s|$)");
    private static readonly Regex CouldNotResolve = Pattern(@"Could not resolve hostname ([^\s:]+)");
    // At the line's start, or quoted inside a wrapper's message (Ansible's "via ssh: deploy@web-01: Permission denied").
    private static readonly Regex UserAtHostDenied = Pattern(@"(?:^|[\s""'])([^\s@""']+)@([^\s@:""']+): Permission denied");
    private static readonly Regex ClosedBy = Pattern(@"Connection (?:reset|closed) by ([0-9A-Fa-f.:]+) port ([0-9]{1,5})");
    // Vagrant's "default: SSH address: 127.0.0.1:2222" (the forward it keeps retrying).
    private static readonly Regex VagrantAddress = Pattern(@"SSH address: ([^\s\[\]]+?|\[[0-9A-Fa-f:.]+\]):([0-9]{1,5})\s*$");
    // kubectl port-forward's "Forwarding from 127.0.0.1:2222 -> 22": the local end of the forward,
    // which the ssh beside it in a paste connects to.
    private static readonly Regex KubectlForward = Pattern(@"^Forwarding from (127\.0\.0\.1|\[::1\]):([0-9]{1,5}) -> [0-9]{1,5}\s*$");
    // OpenSSH on a connection that was up: "Connection to HOST port N timed out" (ConnectTimeout at
    // the banner), "banner exchange: Connection to HOST port N: Operation timed out".
    private static readonly Regex ConnectionToTimedOut = Pattern(@"Connection to ([^\s]+) port ([0-9]{1,5})(?::|\s+timed out)");
    // Runtimes' socket errors name the address they dialled: node's "connect EHOSTUNREACH
    // 192.168.7.37:22", Go's "dial tcp 10.0.0.5:22: connect: connection refused"; node's resolver
    // "getaddrinfo ENOTFOUND web-01" the name it looked up.
    private static readonly Regex SocketTarget = Pattern(@"(?:\bconnect E[A-Z]{4,14}|\bdial tcp) (\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9][A-Za-z0-9._*-]*):([0-9]{1,5})\b");
    private static readonly Regex LookupTarget = Pattern(@"\bgetaddrinfo E[A-Z_]{4,14} ([A-Za-z0-9][A-Za-z0-9._-]*)");
    // The port checks people paste beside ssh's output: nmap's "Nmap scan report for web-01
    // (198.18.0.5)", netcat's "nc: connect to web-01 port 22 (tcp) failed: Connection refused".
    private static readonly Regex NmapTarget = Pattern(@"^Nmap scan report for ([^\s()]+)");
    private static readonly Regex NetcatTarget = Pattern(@"connect to ([^\s]+) port ([0-9]{1,5}) \(tcp\)");

    private static void ReadEndpoint(LogText.Line line, ParseState state)
    {
        var text = line.Text;
        if (Authenticating.Match(text) is { Success: true } auth)
        {
            state.SetHost(auth.Groups[1].Value, line.Text);
            state.SetPort(auth.Groups[2].Value, line.Text);
            state.SetUser(auth.Groups[3].Value, line.Text);
        }
        else if (ConnectingOpenSsh.Match(text) is { Success: true } openssh)
        {
            state.SetHost(openssh.Groups[1].Value, line.Text);
            state.SetPort(openssh.Groups[3].Value, line.Text);
            state.SeenAddress ??= (openssh.Groups[2].Value, line.Text);
        }
        else if (LookingUp.Match(text) is { Success: true } lookup)
        {
            state.SetHost(lookup.Groups[1].Value, line.Text);
        }
        else if (ConnectingPutty.Match(text) is { Success: true } putty)
        {
            state.SetHost(putty.Groups[1].Value, line.Text, weak: true);
            state.SetPort(putty.Groups[2].Value, line.Text);
        }
        else if (ConnectToHost.Match(text) is { Success: true } connect)
        {
            state.SetHost(connect.Groups[1].Value, line.Text);
            state.SetPort(connect.Groups[2].Value, line.Text);
        }
        else if (CouldNotResolve.Match(text) is { Success: true } resolve)
        {
            state.SetHost(resolve.Groups[1].Value, line.Text);
        }
        else if (UserAtHostDenied.Match(text) is { Success: true } denied)
        {
            state.SetHost(denied.Groups[2].Value, line.Text, weak: true);
            state.SetUser(denied.Groups[1].Value, line.Text);
        }
        else if (VagrantAddress.Match(text) is { Success: true } vagrant)
        {
            state.SetHost(vagrant.Groups[1].Value.Trim('[', ']'), line.Text);
            state.SetPort(vagrant.Groups[2].Value, line.Text);
        }
        else if (KubectlForward.Match(text) is { Success: true } forward)
        {
            state.SetHost(forward.Groups[1].Value.Trim('[', ']'), line.Text, weak: true);
            state.SetPort(forward.Groups[2].Value, line.Text);
        }
        else if (ConnectionToTimedOut.Match(text) is { Success: true } timedOut)
        {
            state.SetHost(timedOut.Groups[1].Value, line.Text, weak: true);
            state.SetPort(timedOut.Groups[2].Value, line.Text);
        }
        else if (ClosedBy.Match(text) is { Success: true } closed)
        {
            state.SetHost(closed.Groups[1].Value, line.Text, weak: true);
            state.SetPort(closed.Groups[2].Value, line.Text);
            state.SeenAddress ??= (closed.Groups[1].Value, line.Text);
        }
        else if (UnableToNegotiate.Match(text) is { Success: true } negotiate)
        {
            state.SetHost(negotiate.Groups[1].Value, line.Text, weak: true);
            state.SetPort(negotiate.Groups[2].Value, line.Text);
        }
        else if (SocketTarget.Match(text) is { Success: true } socket)
        {
            state.SetHost(socket.Groups[1].Value.Trim('[', ']'), line.Text, weak: true);
            state.SetPort(socket.Groups[2].Value, line.Text);
        }
        else if (LookupTarget.Match(text) is { Success: true } lookupTarget)
        {
            state.SetHost(lookupTarget.Groups[1].Value, line.Text, weak: true);
        }
        else if (NmapTarget.Match(text) is { Success: true } nmap)
        {
            state.SetHost(nmap.Groups[1].Value, line.Text, weak: true);
        }
        else if (NetcatTarget.Match(text) is { Success: true } netcat)
        {
            state.SetHost(netcat.Groups[1].Value, line.Text, weak: true);
            state.SetPort(netcat.Groups[2].Value, line.Text);
        }

        if (TheirOffer.Match(text) is { Success: true } offer)
        {
            var list = offer.Groups[1].Success ? offer.Groups[1].Value : offer.Groups[2].Value;
            state.Set("client.their_offer", SplitList(list), line.Text);
        }
    }
}
