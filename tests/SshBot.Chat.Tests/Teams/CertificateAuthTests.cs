using SshBot.Chat.Cards;
using SshBot.Chat.Conversation;
using SshBot.Chat.Teams;

namespace SshBot.Chat.Tests.Teams;

/// <summary>Teams:Auth certificate: MSAL signs the token request with the bot's certificate; a fake Entra on loopback checks the signature.</summary>
public sealed class CertificateAuthTests
{
    private static readonly ChatThread Conversation = new("19:conv", "act-1");

    [Fact]
    public async Task ASingleTenantBotSignsItsTokenRequestWithItsPemCertificateAndRepliesWithThatToken()
    {
        await using var rig = await TeamsAuthRig.StartAsync();
        using var certificate = TeamsAuthRig.NewCertificate();
        rig.Entra.Trusted = certificate;
        rig.Options.Auth = "certificate";
        rig.Options.TenantId = "tenant-1";
        rig.Options.CertificatePath = rig.WritePem(certificate);

        using var client = rig.Client(rig.Source());
        var channel = client.For(rig.Connector.Url);
        await channel.PostAsync(Conversation, ChatCard.Text("first"), TestContext.Current.CancellationToken);
        await channel.PostAsync(Conversation, ChatCard.Text("second"), TestContext.Current.CancellationToken);

        var calls = rig.Connector.Drain();
        Assert.Equal(["Bearer cert-token", "Bearer cert-token"], calls.Select(c => c.Authorization));
        Assert.Null(rig.Entra.Refusal);
        // One token for both replies: it is kept until near its expiry.
        Assert.Equal(1, rig.Entra.TokensIssued);
        Assert.Contains(rig.Entra.Requests, r => r.StartsWith("POST /tenant-1/oauth2/v2.0/token", StringComparison.Ordinal));
        // The thumbprint is logged, never the key.
        Assert.Contains(rig.Logs.Lines, l => l.Contains(certificate.Thumbprint, StringComparison.Ordinal));
        Assert.DoesNotContain(rig.Logs.Lines, l => l.Contains("PRIVATE KEY", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AMultiTenantBotUsesAPasswordProtectedPfxWithThePasswordFromAFile()
    {
        await using var rig = await TeamsAuthRig.StartAsync();
        using var certificate = TeamsAuthRig.NewCertificate();
        rig.Entra.Trusted = certificate;
        rig.Options.Auth = "Certificate";
        rig.Options.CertificatePath = rig.WritePfx(certificate, "s3cret pass");
        rig.Options.CertificatePasswordFile = rig.WriteFile("password", "s3cret pass\n");

        var token = await rig.Source().GetTokenAsync(TestContext.Current.CancellationToken);

        Assert.Equal("cert-token", token.Value);
        Assert.True(token.ExpiresOn > DateTimeOffset.UtcNow.AddMinutes(50));
        Assert.Contains(rig.Entra.Requests, r => r.StartsWith("POST /botframework.com/oauth2/v2.0/token", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ARefusedCertificateIsOneClearLogLineAndAnErrorNamingIt()
    {
        await using var rig = await TeamsAuthRig.StartAsync();
        using var certificate = TeamsAuthRig.NewCertificate();
        using var other = TeamsAuthRig.NewCertificate("CN=someone-else");
        rig.Entra.Trusted = other;
        rig.Options.Auth = "certificate";
        rig.Options.CertificatePath = rig.WritePem(certificate, password: "pw");
        rig.Options.CertificatePassword = "pw";

        var source = rig.Source();
        var e = await Assert.ThrowsAsync<TeamsAuthException>(() => source.GetTokenAsync(TestContext.Current.CancellationToken));

        Assert.Contains(certificate.Thumbprint, e.Message, StringComparison.Ordinal);
        Assert.NotNull(rig.Entra.Refusal);
        var errors = rig.Logs.Lines.Where(l => l.StartsWith("Error", StringComparison.Ordinal)).ToList();
        var line = Assert.Single(errors);
        Assert.Contains("invalid_client", line, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', line.TrimEnd());
    }

    public static TheoryData<string, string> BadCertificates => new()
    {
        { "missing file", "does not exist" },
        { "wrong password", "with the configured password" },
        { "encrypted key without a password", "without a password" },
        { "no private key", "holds no private key" },
        { "not a certificate", "could not be opened" },
        { "unreadable password file", "Teams:CertificatePasswordFile" },
    };

    [Theory]
    [MemberData(nameof(BadCertificates))]
    public async Task StartUpRefusesABadCertificateInOneSentence(string problem, string expected)
    {
        await using var rig = await TeamsAuthRig.StartAsync();
        using var certificate = TeamsAuthRig.NewCertificate();
        var o = rig.Options;
        o.Auth = "certificate";
        switch (problem)
        {
            case "missing file":
                o.CertificatePath = Path.Combine(rig.Directory, "absent.pem");
                break;
            case "wrong password":
                o.CertificatePath = rig.WritePfx(certificate, "right");
                o.CertificatePassword = "wrong";
                break;
            case "encrypted key without a password":
                o.CertificatePath = rig.WritePem(certificate, password: "pw");
                break;
            case "no private key":
                o.CertificatePath = rig.WritePem(certificate, withKey: false);
                break;
            case "not a certificate":
                o.CertificatePath = rig.WriteFile("garbage.pfx", "this is not a certificate");
                break;
            default:
                o.CertificatePath = rig.WritePfx(certificate, "pw");
                o.CertificatePasswordFile = Path.Combine(rig.Directory, "no-such-password-file");
                break;
        }

        var result = new TeamsOptionsValidator().Validate(null, o);

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Teams:Certificate", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', result.FailureMessage);
        Assert.Throws<TeamsAuthException>(() => rig.Source());
    }

    [Fact]
    public async Task AnUnknownAuthModeIsRefusedNamingTheChoices()
    {
        await using var rig = await TeamsAuthRig.StartAsync();
        rig.Options.Auth = "kerberos";

        var result = new TeamsOptionsValidator().Validate(null, rig.Options);

        Assert.Contains("Teams:Auth is 'kerberos'; it must be secret, certificate or managedidentity", result.FailureMessage, StringComparison.Ordinal);
    }
}
