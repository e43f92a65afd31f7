namespace SshBot.Diagnostics.Probes.Negotiate;

/// <summary>
/// The default algorithm proposal of a client engineers commonly use. Comparing the server's
/// KEXINIT with these names the exact client that would fail and why.
/// </summary>
public sealed record ClientProfile(string Name, string Description, IReadOnlyList<string> Kex, IReadOnlyList<string> HostKey, IReadOnlyList<string> Ciphers, IReadOnlyList<string> Macs)
{
    private static readonly string[] EtmAndPlainMacs =
    [
        "umac-64-etm@openssh.com", "umac-128-etm@openssh.com", "hmac-sha2-256-etm@openssh.com", "hmac-sha2-512-etm@openssh.com",
        "hmac-sha1-etm@openssh.com", "umac-64@openssh.com", "umac-128@openssh.com", "hmac-sha2-256", "hmac-sha2-512", "hmac-sha1",
    ];

    private static readonly string[] ModernCiphers =
    [
        "chacha20-poly1305@openssh.com", "aes128-ctr", "aes192-ctr", "aes256-ctr", "aes128-gcm@openssh.com", "aes256-gcm@openssh.com",
    ];

    /// <summary>OpenSSH 9.x defaults (ssh_config(5)): no SHA-1 key exchange, no ssh-rsa signatures, no CBC.</summary>
    public static ClientProfile OpenSshCurrent { get; } = new(
        "openssh-current",
        "OpenSSH 9.x with default settings",
        [
            "mlkem768x25519-sha256", "sntrup761x25519-sha512", "sntrup761x25519-sha512@openssh.com", "curve25519-sha256",
            "curve25519-sha256@libssh.org", "ecdh-sha2-nistp256", "ecdh-sha2-nistp384", "ecdh-sha2-nistp521",
            "diffie-hellman-group-exchange-sha256", "diffie-hellman-group16-sha512", "diffie-hellman-group18-sha512",
            "diffie-hellman-group14-sha256",
        ],
        [
            "ssh-ed25519-cert-v01@openssh.com", "ecdsa-sha2-nistp256-cert-v01@openssh.com", "ecdsa-sha2-nistp384-cert-v01@openssh.com",
            "ecdsa-sha2-nistp521-cert-v01@openssh.com", "rsa-sha2-512-cert-v01@openssh.com", "rsa-sha2-256-cert-v01@openssh.com",
            "ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
            "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com", "rsa-sha2-512", "rsa-sha2-256",
        ],
        ModernCiphers,
        EtmAndPlainMacs);

    /// <summary>OpenSSH 7.4 (RHEL/CentOS 7): still SHA-1 key exchange, ssh-rsa and AES-CBC.</summary>
    public static ClientProfile OpenSsh74 { get; } = new(
        "openssh-7.4",
        "OpenSSH 7.4 (RHEL/CentOS 7) with default settings",
        [
            "curve25519-sha256", "curve25519-sha256@libssh.org", "ecdh-sha2-nistp256", "ecdh-sha2-nistp384", "ecdh-sha2-nistp521",
            "diffie-hellman-group-exchange-sha256", "diffie-hellman-group16-sha512", "diffie-hellman-group18-sha512",
            "diffie-hellman-group-exchange-sha1", "diffie-hellman-group14-sha256", "diffie-hellman-group14-sha1",
        ],
        [
            "ecdsa-sha2-nistp256-cert-v01@openssh.com", "ecdsa-sha2-nistp384-cert-v01@openssh.com", "ecdsa-sha2-nistp521-cert-v01@openssh.com",
            "ssh-ed25519-cert-v01@openssh.com", "ssh-rsa-cert-v01@openssh.com", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384",
            "ecdsa-sha2-nistp521", "ssh-ed25519", "rsa-sha2-512", "rsa-sha2-256", "ssh-rsa",
        ],
        [.. ModernCiphers, "aes128-cbc", "aes192-cbc", "aes256-cbc"],
        EtmAndPlainMacs);

    /// <summary>PuTTY 0.7x: broad, down to group1-sha1 and CBC, which it warns about but allows.</summary>
    public static ClientProfile Putty07 { get; } = new(
        "putty-0.7x",
        "PuTTY 0.70-0.76 with default settings",
        [
            "curve25519-sha256", "curve25519-sha256@libssh.org", "ecdh-sha2-nistp256", "ecdh-sha2-nistp384", "ecdh-sha2-nistp521",
            "diffie-hellman-group-exchange-sha256", "diffie-hellman-group-exchange-sha1", "diffie-hellman-group18-sha512",
            "diffie-hellman-group16-sha512", "diffie-hellman-group14-sha256", "diffie-hellman-group14-sha1", "rsa2048-sha256",
            "rsa1024-sha1", "diffie-hellman-group1-sha1",
        ],
        ["ssh-ed448", "ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "rsa-sha2-512", "rsa-sha2-256", "ssh-rsa", "ssh-dss"],
        [
            "aes256-ctr", "aes256-cbc", "rijndael-cbc@lysator.liu.se", "aes192-ctr", "aes192-cbc", "aes128-ctr", "aes128-cbc",
            "chacha20-poly1305@openssh.com", "aes256-gcm@openssh.com", "aes128-gcm@openssh.com", "3des-ctr", "3des-cbc",
            "blowfish-ctr", "blowfish-cbc", "arcfour256", "arcfour128",
        ],
        ["hmac-sha2-256-etm@openssh.com", "hmac-sha1-etm@openssh.com", "hmac-sha2-256", "hmac-sha1", "hmac-sha1-96", "hmac-md5"]);

    /// <summary>The OpenSSH 8.1/8.6 that Windows 10, 11 and Server 2019/2022 bundle.</summary>
    public static ClientProfile WindowsOpenSsh { get; } = new(
        "windows-openssh",
        "Windows' bundled OpenSSH (8.1-8.6) with default settings",
        [
            "curve25519-sha256", "curve25519-sha256@libssh.org", "ecdh-sha2-nistp256", "ecdh-sha2-nistp384", "ecdh-sha2-nistp521",
            "diffie-hellman-group-exchange-sha256", "diffie-hellman-group16-sha512", "diffie-hellman-group18-sha512",
            "diffie-hellman-group14-sha256", "diffie-hellman-group14-sha1",
        ],
        [
            "ecdsa-sha2-nistp256-cert-v01@openssh.com", "ecdsa-sha2-nistp384-cert-v01@openssh.com", "ecdsa-sha2-nistp521-cert-v01@openssh.com",
            "ssh-ed25519-cert-v01@openssh.com", "rsa-sha2-512-cert-v01@openssh.com", "rsa-sha2-256-cert-v01@openssh.com",
            "ssh-rsa-cert-v01@openssh.com", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "ssh-ed25519",
            "rsa-sha2-512", "rsa-sha2-256", "ssh-rsa",
        ],
        ModernCiphers,
        EtmAndPlainMacs);

    public static IReadOnlyList<ClientProfile> All { get; } = [OpenSshCurrent, OpenSsh74, Putty07, WindowsOpenSsh];

    /// <summary>Everything any profile offers: what the probe proposes, so the server never disconnects on our account first.</summary>
    public static KexInit ProbeProposal { get; } = BuildProposal();

    private static KexInit BuildProposal()
    {
        string[] Union(Func<ClientProfile, IEnumerable<string>> pick) => All.SelectMany(pick).Distinct().ToArray();
        var ciphers = Union(p => p.Ciphers);
        var macs = Union(p => p.Macs);
        return new KexInit([.. Union(p => p.Kex), "ext-info-c"], Union(p => p.HostKey), ciphers, ciphers, macs, macs, ["none"], ["none"]);
    }
}
