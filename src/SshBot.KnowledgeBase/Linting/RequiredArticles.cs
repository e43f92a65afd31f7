namespace SshBot.KnowledgeBase.Linting;

/// <summary>The article ids DESIGN §7 requires the knowledge base to have.</summary>
public static class RequiredArticles
{
    public const string Healthy = "healthy";

    public static IReadOnlyList<string> Ids { get; } =
    [
        "dns-resolution-failure", "host-unreachable", "sshd-not-listening", "firewall-silent-drop",
        "firewall-reject", "maxstartups-throttling", "connection-closed-before-banner", "banner-timeout",
        "not-an-ssh-service", "kex-algorithm-mismatch", "hostkey-algorithm-mismatch", "cipher-or-mac-mismatch",
        "host-key-changed", "auth-publickey-denied", "auth-method-unavailable", "ssh-version-outdated",
        "keepalive-not-configured", "nat-idle-timeout", "path-mtu-blackhole", "network-packet-loss",
        "tcp-keepalive-sysctl", "server-resource-exhaustion", "maxsessions-limit", "sshd-config-invalid",
        "client-ip-banned", "port-knocking-expected", "disk-full", "middlebox-reset", Healthy,
    ];
}
