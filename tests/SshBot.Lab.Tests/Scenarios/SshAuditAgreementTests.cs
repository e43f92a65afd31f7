using System.Text.Json;
using SshBot.Lab.Tests.Infrastructure;

namespace SshBot.Lab.Tests.Scenarios;

/// <summary>The negotiate stage reads the same algorithm lists that ssh-audit, a reference peer, reports for the same host.</summary>
[Collection(LabHosts.Name)]
public sealed class SshAuditAgreementTests(LabFixture lab)
{
    [Theory]
    [InlineData("healthy")]
    [InlineData("oldkex")]
    [InlineData("rsaonly")]
    [InlineData("cbconly")]
    public async Task AlgorithmListsAgreeWithSshAudit(string host)
    {
        var audit = await Shell.RunAsync("ssh-audit", ["-j", "-t", "5", lab[host]], TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        var reference = JsonDocument.Parse(audit.Stdout).RootElement;
        var ours = (await Sshbot.RunAsync("diagnose", lab[host], "--json")).Json.GetProperty("observations");

        Assert.Equal(Names(reference.GetProperty("kex")), Strings(ours.GetProperty("ssh.kex.kex")));
        Assert.Equal(Names(reference.GetProperty("key")), Strings(ours.GetProperty("ssh.kex.hostkey")));
        Assert.Equal(Names(reference.GetProperty("enc")), Strings(ours.GetProperty("ssh.kex.cipher_c2s")));
        Assert.Equal(Names(reference.GetProperty("mac")), Strings(ours.GetProperty("ssh.kex.mac_c2s")));
        Assert.Equal(Names(reference.GetProperty("compression")), Strings(ours.GetProperty("ssh.kex.compression_c2s")));
    }

    /// <summary>ssh-audit lists some sections as objects with an "algorithm" field and others as plain strings.</summary>
    private static string[] Names(JsonElement list) =>
        list.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Object ? e.GetProperty("algorithm").GetString()! : e.GetString()!).ToArray();

    private static string[] Strings(JsonElement list) => list.EnumerateArray().Select(e => e.GetString()!).ToArray();
}
