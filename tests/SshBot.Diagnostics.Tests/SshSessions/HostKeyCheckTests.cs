using SshBot.Diagnostics.SshSessions;

namespace SshBot.Diagnostics.Tests.SshSessions;

public sealed class HostKeyCheckTests
{
    private const string Ed25519 = "AAAAC3NzaC1lZDI1NTE5AAAAIJdD7y3aLq454yWBdwLWbieU1ebz9/cu7/QEXn9OIeZJ";
    private const string OtherEd25519 = "AAAAC3NzaC1lZDI1NTE5AAAAIE0bVnD1xbXv+3zGqYlRmQ6WZCqVtqBdO1dbTL1j7R1M";
    private const string Rsa = "AAAAB3NzaC1yc2EAAAADAQABAAAAgQC7";

    private static HostKeyLine Key(string type, string blob) => HostKeyLine.TryParse(type, blob) ?? new HostKeyLine(type, blob);

    private static HostKeyDecision Decide(HostKeyLine presented, params HostKeyLine[] pinned) =>
        HostKeyCheck.Decide("web-01", "web-01", presented, pinned, certificate: null, trust: null, DateTimeOffset.UtcNow);

    [Fact]
    public void APinnedKeyIsKnownAndTrusted()
    {
        var decision = Decide(Key("ssh-ed25519", Ed25519), Key("ssh-rsa", Rsa), Key("ssh-ed25519", Ed25519));

        Assert.Equal(new HostKeyDecision(true, "known", null, null), decision);
    }

    [Fact]
    public void ADifferentKeyOfAPinnedTypeIsChangedAndNamesBothFingerprints()
    {
        var presented = Key("ssh-ed25519", OtherEd25519);
        var pinned = Key("ssh-ed25519", Ed25519);

        var decision = Decide(presented, pinned);

        Assert.False(decision.Trusted);
        Assert.Equal("changed", decision.HostKeyStatus);
        Assert.StartsWith("WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED! web-01 presents the ED25519 key ", decision.FailureLine, StringComparison.Ordinal);
        Assert.Contains(presented.Fingerprint, decision.FailureLine, StringComparison.Ordinal);
        Assert.Contains(pinned.Fingerprint, decision.FailureLine, StringComparison.Ordinal);
    }

    [Fact]
    public void NothingPinnedIsUnknownAndNeverTrustedOnFirstUse()
    {
        var decision = Decide(Key("ssh-ed25519", Ed25519));

        Assert.False(decision.Trusted);
        Assert.Equal("unknown", decision.HostKeyStatus);
        Assert.StartsWith("No ED25519 host key is known for web-01;", decision.FailureLine, StringComparison.Ordinal);
    }

    [Fact]
    public void OnlyOtherTypesPinnedIsUnknownAndSaysWhichArePinned()
    {
        var decision = Decide(Key("ssh-ed25519", Ed25519), Key("ssh-rsa", Rsa));

        Assert.Equal("unknown", decision.HostKeyStatus);
        Assert.Contains("(only RSA keys are pinned)", decision.FailureLine, StringComparison.Ordinal);
    }

    [Fact]
    public void AKeyBlobNamesItsOwnType()
    {
        Assert.Equal("ssh-ed25519", HostKeyLine.TypeOf(Convert.FromBase64String(Ed25519)));
        Assert.Null(HostKeyLine.TypeOf([0, 0, 0]));
        Assert.Null(HostKeyLine.TypeOf([0, 0, 0, 9, (byte)'a']));
    }
}
