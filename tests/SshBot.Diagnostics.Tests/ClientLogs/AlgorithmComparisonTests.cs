using SshBot.Diagnostics.ClientLogs;
using SshBot.Diagnostics.Observations;

namespace SshBot.Diagnostics.Tests.ClientLogs;

public sealed class AlgorithmComparisonTests
{
    [Fact]
    public void DisjointListsAreNamedWithBothSides()
    {
        var observations = new ObservationSet();
        observations.Set("client.offered.kex", ["curve25519-sha256", "diffie-hellman-group14-sha256"]);
        observations.Set("ssh.kex.kex", ["diffie-hellman-group1-sha1"]);

        var sentences = AlgorithmComparison.Describe(observations);

        Assert.Equal(["key exchange: your client offers only curve25519-sha256, diffie-hellman-group14-sha256; the server only diffie-hellman-group1-sha1"], sentences);
    }

    [Fact]
    public void ListsWithACommonAlgorithmAreNotAMismatch()
    {
        var observations = new ObservationSet();
        observations.Set("client.offered.cipher", ["aes128-ctr", "aes256-gcm@openssh.com"]);
        observations.Set("ssh.kex.cipher_c2s", ["aes256-gcm@openssh.com"]);

        Assert.Empty(AlgorithmComparison.Describe(observations));
    }

    [Fact]
    public void WithoutTheBotsViewTheServersOfferQuotedInTheLogIsUsed()
    {
        var result = ClientLogParserTests.ParseFixture("openssh-9.6-no-matching-kex-vv.txt");

        var sentence = Assert.Single(AlgorithmComparison.Describe(result.Observations));

        Assert.StartsWith("key exchange: your client offers only sntrup761x25519-sha512@openssh.com", sentence, StringComparison.Ordinal);
        Assert.EndsWith("the server only diffie-hellman-group1-sha1", sentence, StringComparison.Ordinal);
    }

    [Fact]
    public void AQuotedOfferWithoutTheClientsListStillNamesTheServersSide()
    {
        var result = ClientLogParserTests.ParseFixture("openssh-8.8-no-matching-hostkey.txt");

        var sentence = Assert.Single(AlgorithmComparison.Describe(result.Observations));

        Assert.Equal("host key: the server offers only ssh-rsa, ssh-dss, and your client enables none of them", sentence);
    }
}
