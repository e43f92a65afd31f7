using SshBot.Chat.Tests.Support;

namespace SshBot.Chat.Tests.Teams;

/// <summary>
/// Teams:Auth managedidentity: MSAL finds App Service's identity endpoint through
/// IDENTITY_ENDPOINT and IDENTITY_HEADER, here a fake on loopback. The variables are the
/// process's, so these tests run one at a time and put them back.
/// </summary>
[Collection(nameof(ManagedIdentityAuthTests))]
public sealed class ManagedIdentityAuthTests
{
    [Theory]
    [InlineData(null, "mi-system-token")]
    [InlineData("c0ffee00-1111-2222-3333-444444444444", "mi-token-for-c0ffee00-1111-2222-3333-444444444444")]
    public async Task TheBotRepliesWithTheTokenOfItsManagedIdentity(string? clientId, string expected)
    {
        await using var rig = await TeamsAuthRig.StartAsync();
        rig.Options.Auth = "managedidentity";
        rig.Options.ManagedIdentityClientId = clientId;
        var (endpoint, header) = (Environment.GetEnvironmentVariable("IDENTITY_ENDPOINT"), Environment.GetEnvironmentVariable("IDENTITY_HEADER"));
        Environment.SetEnvironmentVariable("IDENTITY_ENDPOINT", rig.Entra.Url + "/msi/token");
        Environment.SetEnvironmentVariable("IDENTITY_HEADER", FakeEntra.IdentityHeader);
        try
        {
            using var client = rig.Client(rig.Source());
            var channel = client.For(rig.Connector.Url);
            await channel.PostAsync(new("19:conv", "act-1"), SshBot.Chat.Cards.ChatCard.Text("hello"), TestContext.Current.CancellationToken);
            await channel.PostAsync(new("19:conv", "act-1"), SshBot.Chat.Cards.ChatCard.Text("again"), TestContext.Current.CancellationToken);

            Assert.Equal([$"Bearer {expected}", $"Bearer {expected}"], rig.Connector.Drain().Select(c => c.Authorization));
            Assert.Equal(1, rig.Entra.TokensIssued);
        }
        finally
        {
            Environment.SetEnvironmentVariable("IDENTITY_ENDPOINT", endpoint);
            Environment.SetEnvironmentVariable("IDENTITY_HEADER", header);
        }
    }
}
