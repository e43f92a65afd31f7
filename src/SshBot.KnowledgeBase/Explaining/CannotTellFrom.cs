using SshBot.Diagnostics.ClientLogs;

namespace SshBot.KnowledgeBase.Explaining;

/// <summary>What a client's error message cannot say about the server side, and the step that would.</summary>
internal static class CannotTellFrom
{
    public static IReadOnlyList<string> For(ClientLogResult log, bool textOnly)
    {
        var o = log.Observations;
        var host = o.GetText("client.host") ?? "HOST";
        var diagnose = $"run `sshbot diagnose {host}`";
        var said = new List<string>();
        var stage = o.GetText("client.stage");
        var sentence = o.GetText("client.error") switch
        {
            "connection-reset" or "closed-by-remote" when stage is "banner" or null =>
                $"a reset or close during identification can be a ban (fail2ban, sshguard), TCP wrappers, MaxStartups throttling or a load balancer with no backend: {diagnose} or check the server's sshd log for 'refused connect', 'MaxStartups' or a ban of your address",
            "connection-reset" => $"a reset mid-session can be an IPS, a firewall or the server restarting: {diagnose} and check the server's sshd log for the time of the drop",
            "closed-by-remote" => $"the server closed the connection but the log does not say why (LoginGraceTime, MaxAuthTries, a forced command, a restart): check the server's sshd log, or {diagnose}",
            "connection-timed-out" => $"a timeout cannot tell a firewall on your path from one at the host, a host that is down, or port knocking: {diagnose} to see whether the bot gets through",
            "connection-refused" => $"'refused' cannot tell a stopped sshd from one on another port or a firewall REJECT rule: {diagnose}, or on the host `ss -ltnp | grep ssh`",
            "no-route" => $"'no route' cannot tell a host that is down from a routing or VPN problem on your side: {diagnose}; on your machine `ip route get ADDRESS` (or `route print` on Windows)",
            "name-not-resolved" => $"the text cannot tell a missing DNS record from a resolver problem on your machine (VPN, search domain, /etc/hosts): {diagnose} to resolve the name from the bot",
            "banner-timeout" => $"a silent server can be overloaded, stuck on slow reverse DNS (UseDNS) or a tarpit: {diagnose}",
            "no-matching-kex" or "no-matching-hostkey" or "no-matching-cipher" or "no-matching-mac" when !o.ContainsKey("client.offered.kex") =>
                $"your client's own algorithm lists are not in the text: paste the output of `ssh -vv` to see them, or {diagnose} to read the server's",
            "no-matching-algorithm" =>
                $"the message does not say which list had nothing in common (key exchange, host key, cipher or MAC): {diagnose} to read the server's lists, and compare them with what your client offers (its debug log)",
            "hostkey-changed" => "the text cannot tell a reinstalled or re-keyed server from an attack: confirm the new fingerprint with the host's owner before you remove the old key",
            "hostkey-unknown" => "the text cannot tell whether the key is genuine: compare the fingerprint with `ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub` run on the host",
            "permission-denied" or "too-many-auth-failures" => "the client's log cannot say why the server refused (wrong key, key not in authorized_keys, bad permissions on ~/.ssh, AllowUsers, an invalid user): the server's sshd log says; look for 'Authentication refused', 'Invalid user' or 'not allowed because'",
            "broken-pipe" or "keepalive-timeout" => $"the text cannot tell a NAT or firewall idle timeout from the server's keepalive settings or a restart: {diagnose} and compare ClientAliveInterval with the firewall's idle timeout",
            "session-open-failed" => "the text cannot tell MaxSessions from a restriction in authorized_keys or sshd_config (no-pty, PermitOpen, AllowTcpForwarding): check the server's sshd log",
            _ => null,
        };
        if (sentence is not null)
        {
            said.Add(sentence);
        }

        if (textOnly && o.ContainsKey("client.error"))
        {
            said.Add("nothing here was checked from the bot: this is from the pasted text only");
        }

        said.AddRange(log.Notes.Select(n => "note: " + n));
        return said;
    }
}
