using SshBot.Diagnostics.ClientLogs;
using SshBot.Diagnostics.Observations;

namespace SshBot.Diagnostics.Tests.ClientLogs;

/// <summary>A host certificate the user's client refused, in OpenSSH's and Go's words.</summary>
public sealed class HostCertificateRefusalTests
{
    [Theory]
    [InlineData("Certificate invalid: expired", "expired")]
    [InlineData("Certificate invalid: not yet valid", "not-yet-valid")]
    [InlineData("Certificate invalid: name is not a listed principal", "principal-mismatch")]
    [InlineData("debug1: Certificate lacks principal list", "no-principals")]
    [InlineData("ERROR: ssh: handshake failed: ssh: principal \"db-3\" not in the set of valid principals for given certificate: [\"db-3.prod\"]", "principal-mismatch")]
    [InlineData("error: ssh: handshake failed: ssh: cert has expired", "expired")]
    [InlineData("ssh: handshake failed: ssh: certificate serial 17 revoked", "revoked")]
    [InlineData("Host key ED25519-CERT SHA256:Zm9vYmFy revoked by file /etc/ssh/revoked_host_keys", "revoked")]
    [InlineData("@       WARNING: REVOKED HOST KEY DETECTED!               @", "revoked")]
    public void AClientRefusingTheHostsCertificateSaysWhy(string line, string status)
    {
        var result = ClientLogParser.Parse(line);

        Assert.Equal(status, result.Observations.GetText("client.hostcert.status"));
        Assert.Equal("hostcert-invalid", result.Observations.GetText("client.error"));
        Assert.Equal("kex", result.Observations.GetText("client.stage"));
    }

    [Fact]
    public void TheUnknownKeyOpenSshFallsBackToAfterACertificateIsRefusedIsTheCertificatesFailure()
    {
        var result = ClientLogParser.Parse("""
            $ ssh ops@build-7.lab
            Certificate invalid: name is not a listed principal
            The authenticity of host 'build-7.lab (10.9.0.7)' can't be established.
            ED25519 key fingerprint is SHA256:Zm9vYmFyYmF6.
            Host key verification failed.
            """);

        Assert.Equal(("hostcert-invalid", "principal-mismatch"),
            (result.Observations.GetText("client.error"), result.Observations.GetText("client.hostcert.status")));
    }

    [Fact]
    public void AnUnknownHostKeyWithNoCertificateInSightStaysAnUnknownHostKey()
    {
        var result = ClientLogParser.Parse("""
            The authenticity of host 'build-7.lab (10.9.0.7)' can't be established.
            Host key verification failed.
            """);

        Assert.Equal("hostkey-unknown", result.Observations.GetText("client.error"));
        Assert.False(result.Observations.ContainsKey("client.hostcert.status"));
    }
}
