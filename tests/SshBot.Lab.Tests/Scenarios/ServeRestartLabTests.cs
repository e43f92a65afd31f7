using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Npgsql;
using SshBot.Chat.Tests.Support;
using SshBot.Incidents;
using SshBot.Incidents.Work;
using SshBot.Lab.Tests.Infrastructure;

namespace SshBot.Lab.Tests.Scenarios;

/// <summary>
/// The real `sshbot serve` process, killed (SIGKILL) and stopped (SIGTERM) in rounds while it
/// diagnoses a burst of lab hosts, started again on the same store each time: every request it
/// answered 200 ends with its verdict card in its thread, and nothing is left running.
/// </summary>
[Collection(LabHosts.Name)]
public sealed class ServeRestartLabTests(LabFixture lab)
{
    private const string Secret = "restart-signing-secret-0123456789";
    private static readonly string[] Hosts = ["stopped", "drop", "silent", "reject", "healthy", "closes"];
    private static readonly string[] Rounds = ["KILL", "TERM", "KILL", "TERM"];

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task EveryAcknowledgedRequestEndsWithItsVerdictAfterKillsAndStops(string provider)
    {
        await using var slack = await FakeSlackApi.StartAsync();
        var data = Directory.CreateTempSubdirectory("sshbot-restart-").FullName;
        var environment = await EnvironmentAsync(provider, data, slack);
        var port = ServeUnderTest.FreePort();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var accepted = new List<int>();
        var transcript = new List<string>();
        var n = 0;

        foreach (var signal in Rounds)
        {
            await using var serve = await StartAsync(environment, port);
            var first = n;
            foreach (var host in Hosts)
            {
                var status = await DeliverAsync(http, n, lab[host]);
                if (status == HttpStatusCode.OK)
                {
                    accepted.Add(n);
                }
                else
                {
                    transcript.Add($"--- request {n}: {(int)status} on every delivery");
                }

                n++;
            }

            // Stop it while the burst is being worked on: once the first of it was acknowledged.
            await slack.WaitForAsync(c => c.Method == "chat.postMessage" && Index(c) >= first);
            await serve.SignalAsync(signal);
            var (exit, stdout, stderr) = await serve.ExitAsync(TimeSpan.FromSeconds(40));
            transcript.Add($"--- round {transcript.Count(l => l.StartsWith("--- round", StringComparison.Ordinal)) + 1}: SIG{signal}, exit {exit}");
            transcript.AddRange(stdout.Concat(stderr));
            Assert.True(signal == "KILL" || exit == 0, $"serve exited {exit} on SIGTERM");
        }

        await using (var last = await StartAsync(environment, port))
        {
            foreach (var i in accepted)
            {
                try
                {
                    await slack.WaitForAsync(c => c.Method == "chat.update" && Index(c) == i && c.HasButtons);
                }
                catch (OperationCanceledException)
                {
                    await last.SignalAsync("TERM");
                    var (_, stdout, stderr) = await last.ExitAsync(TimeSpan.FromSeconds(40));
                    transcript.Add("--- last start");
                    transcript.AddRange(stdout.Concat(stderr));
                    Assert.Fail($"request {i} has no verdict 20 s after the last start. What serve logged:\n{string.Join('\n', transcript)}");
                }
            }

            await last.SignalAsync("TERM");
            Assert.Equal(0, (await last.ExitAsync(TimeSpan.FromSeconds(40))).ExitCode);
        }

        Assert.True(Rounds.Length * Hosts.Length == accepted.Count,
            $"{accepted.Count} of {Rounds.Length * Hosts.Length} requests acknowledged. What serve logged:\n{string.Join('\n', transcript)}");
        await using var store = await IncidentStoreFactory.CreateAsync(StoreOptions(provider, environment));
        var incidents = await store.ListIncidentsAsync(new IncidentQuery(Limit: 1000), TestContext.Current.CancellationToken);
        var diagnoses = new List<DiagnosisRecord>();
        var events = new List<IncidentEvent>();
        foreach (var incident in incidents)
        {
            var detail = (await store.GetIncidentAsync(incident.Id, TestContext.Current.CancellationToken))!;
            diagnoses.AddRange(detail.Diagnoses);
            events.AddRange(detail.Events);
        }

        Assert.Equal(accepted.Count, diagnoses.Count);
        Assert.Contains(events, e => e.Kind == IncidentEventKinds.Interrupted);
        Assert.All(diagnoses, d => Assert.Equal(DiagnosisStatuses.Completed, d.Status));
        Assert.Equal(new WorkCounts(0, 0), await ((IWorkInbox)store).CountAsync(TestContext.Current.CancellationToken));
    }

    private async Task<Dictionary<string, string>> EnvironmentAsync(string provider, string data, FakeSlackApi slack)
    {
        var environment = new Dictionary<string, string>
        {
            ["Slack__SigningSecret"] = Secret,
            ["Slack__BotToken"] = "xoxb-restart",
            ["Slack__BotUserId"] = "U0BOT",
            ["Slack__ApiUrl"] = slack.ApiUrl.ToString(),
            ["Targets__Allow__0"] = new IPNetwork(IPAddress.Parse(lab["healthy"]), 24).BaseAddress + "/24",
            ["Kb__Directory"] = Path.Combine(Repository.Root, "kb"),
            ["Storage__DataDirectory"] = data,
            ["SSHBOT_DATA_DIR"] = data,
            ["Work__DrainTimeout"] = "00:00:02",
            ["RateLimit__PerUser"] = "1000",
            ["Work__MaxPerUser"] = "1000",
        };
        if (provider == "postgres")
        {
            var server = Environment.GetEnvironmentVariable("SSHBOT_TEST_POSTGRES")
                ?? throw new InvalidOperationException("SSHBOT_TEST_POSTGRES is not set: run the tests through infra/test.sh, which starts PostgreSQL.");
            var schema = "restart_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
            await using (var connection = new NpgsqlConnection(server))
            {
                await connection.OpenAsync(TestContext.Current.CancellationToken);
                await using var create = new NpgsqlCommand($"CREATE SCHEMA {schema}", connection);
                await create.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
            }

            environment["Storage__Provider"] = "postgres";
            environment["Storage__ConnectionString"] = new NpgsqlConnectionStringBuilder(server) { SearchPath = schema }.ConnectionString;
        }

        return environment;
    }

    private static IncidentStoreOptions StoreOptions(string provider, Dictionary<string, string> environment) =>
        provider == "postgres"
            ? new IncidentStoreOptions { Provider = "postgres", ConnectionString = environment["Storage__ConnectionString"] }
            : new IncidentStoreOptions { DataDirectory = environment["Storage__DataDirectory"] };

    private static Task<SshbotProcess> StartAsync(Dictionary<string, string> environment, int port) => ServeUnderTest.StartAsync(environment, port);

    /// <summary>
    /// Delivers the mention as Slack does: an answer other than 200 (503 when the store did not
    /// take it in time, on a loaded machine) is delivered again with the same event id, up to
    /// three more times. The last status.
    /// </summary>
    private static async Task<HttpStatusCode> DeliverAsync(HttpClient http, int n, string address)
    {
        var status = HttpStatusCode.ServiceUnavailable;
        for (var attempt = 0; attempt < 4 && status != HttpStatusCode.OK; attempt++)
        {
            if (attempt > 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
            }

            using var response = await ServeUnderTest.MentionAsync(http, Secret, $"EvRestart{n}", $"U{n}", $"C{n}", $"1700000000.{n:000000}", $"can't ssh to {address}");
            status = response.StatusCode;
        }

        return status;
    }

    private static int Index(SlackCall call) => int.Parse(call.Str("channel")![1..], CultureInfo.InvariantCulture);
}
