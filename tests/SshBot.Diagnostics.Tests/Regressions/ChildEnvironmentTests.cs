using SshBot.Diagnostics.Seams;

namespace SshBot.Diagnostics.Tests.Regressions;

/// <summary>
/// Issue 16 item 7: the ssh children the bot starts inherited the server's environment, secrets
/// and all (Slack__SigningSecret, Teams__AppPassword, connection strings).
/// </summary>
public sealed class ChildEnvironmentTests
{
    private static readonly string[] Secrets =
    [
        "Slack__SigningSecret", "Slack__BotToken", "Teams__AppPassword", "SSHBOT_INCIDENTS_CONNECTION", "ConnectionStrings__Incidents", "SSH_AUTH_SOCK",
    ];

    [Fact]
    public async Task ARealChildSeesOnlyAMinimalExplicitEnvironmentAndNoneOfTheServersSecrets()
    {
        foreach (var name in Secrets)
        {
            Environment.SetEnvironmentVariable(name, $"secret-value-of-{name}");
        }

        try
        {
            var result = await new ProcessRunner().RunAsync(new ProcessRequest("env", [], null, TimeSpan.FromSeconds(10)), TestContext.Current.CancellationToken);

            var names = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('=')[0]).Order(StringComparer.Ordinal);
            Assert.Equal(0, result.ExitCode);
            Assert.Equal(["HOME", "LANG", "LC_ALL", "PATH"], names);
            Assert.DoesNotContain("secret-value", result.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            foreach (var name in Secrets)
            {
                Environment.SetEnvironmentVariable(name, null);
            }
        }
    }
}
