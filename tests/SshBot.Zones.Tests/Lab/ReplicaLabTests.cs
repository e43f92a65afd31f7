using System.Net;
using System.Security.Cryptography;
using Npgsql;
using SshBot.Chat.Tests.Support;
using SshBot.Incidents;
using SshBot.Incidents.Work;
using SshBot.Lab.Tests.Infrastructure;
using SshBot.Zones.Tests.Support;

namespace SshBot.Zones.Tests.Lab;

/// <summary>
/// Two real <c>sshbot serve</c> replicas sharing PostgreSQL and the zone lab's NATS, in front of a
/// fake Slack: the replica that took a request is killed while the zone's agent works on it, and
/// the other one delivers the verdict in the same message, without a second run in the zone.
/// </summary>
[Collection(ZoneLab.Name)]
public sealed class ReplicaLabTests(ZoneLabFixture lab)
{
    private const string Secret = "replica-signing-secret-0123456789";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AReplicaKilledMidDiagnosisHasItsReplyDeliveredByTheOtherReplica()
    {
        await using var slack = await FakeSlackApi.StartAsync();
        var environment = await EnvironmentAsync(slack);
        var (portA, portB) = (ServeUnderTest.FreePort(), ServeUnderTest.FreePort());
        await using var a = await ServeUnderTest.StartAsync(environment, portA);
        await using var b = await ServeUnderTest.StartAsync(environment, portB);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{portA}") };

        // Dropped from the office: the agent's connect waits out its timeout, time enough to kill A.
        var asked = await ServeUnderTest.MentionAsync(http, Secret, "EvReplica", "U1", "CREPLICA", "1700000000.000001", $"can't ssh to {lab["shared_dropped_from_office"]} from the office VPN");
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        var looking = await slack.WaitForAsync(c => c.Method == "chat.postMessage" && c.Str("channel") == "CREPLICA");
        await using var store = await IncidentStoreFactory.CreateAsync(new IncidentStoreOptions { Provider = "postgres", ConnectionString = environment["Storage__ConnectionString"] });
        await RepliedAsync(store);
        await a.SignalAsync("KILL");
        await a.ExitAsync(TimeSpan.FromSeconds(10));

        // B takes the request over once A's lease runs out, asks for the same job and updates A's message.
        var verdict = await slack.WaitForAsync(c => c.Method == "chat.update" && c.Str("channel") == "CREPLICA" && c.HasButtons, TimeSpan.FromSeconds(90));

        // The fake numbers the messages it was asked to post from 1: the update is of A's "Looking at…".
        var lookingTs = $"1800000000.{slack.Seen.Where(c => c.Method == "chat.postMessage").ToList().IndexOf(looking) + 1:000000}";
        Assert.Equal(lookingTs, verdict.Str("ts"));
        Assert.Contains("Checked from zone office (agent office-", verdict.Body.ToJsonString(), StringComparison.Ordinal);
        // B marks the request done just after the update: stopped, it finishes what it holds first.
        await b.SignalAsync("TERM");
        Assert.Equal(0, (await b.ExitAsync(TimeSpan.FromSeconds(40))).ExitCode);
        var incident = Assert.Single(await store.ListIncidentsAsync(new IncidentQuery(Limit: 10), Ct));
        var detail = (await store.GetIncidentAsync(incident.Id, Ct))!;
        Assert.Equal(DiagnosisStatuses.Completed, Assert.Single(detail.Diagnoses).Status);
        Assert.Contains(detail.Events, e => e.Kind == IncidentEventKinds.Interrupted);
        Assert.Equal(new WorkCounts(0, 0), await ((IWorkInbox)store).CountAsync(Ct));
        // One run in the zone: B's request for the job met the result A's request had started.
        await using var replica = await Replica.StartAsync(lab.Nats, "replica-check", lab.Map);
        Assert.Equal(1, await replica.StoredResultsAsync("office", "slack:EvReplica"));
    }

    /// <summary>
    /// Waits (20 s at most) until A has stored the id of the message it posted: killed before
    /// that, the id is lost with it, and the run that takes over posts a message of its own.
    /// </summary>
    private static async Task RepliedAsync(IIncidentStore store)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        limit.CancelAfter(TimeSpan.FromSeconds(20));
        while (true)
        {
            foreach (var incident in await store.ListIncidentsAsync(new IncidentQuery(Limit: 10), limit.Token))
            {
                if ((await store.GetIncidentAsync(incident.Id, limit.Token))?.Replies.Count > 0)
                {
                    return;
                }
            }

            await Task.Delay(50, limit.Token);
        }
    }

    private async Task<Dictionary<string, string>> EnvironmentAsync(FakeSlackApi slack)
    {
        var server = Environment.GetEnvironmentVariable("SSHBOT_TEST_POSTGRES")
            ?? throw new InvalidOperationException("SSHBOT_TEST_POSTGRES is not set: run the tests through infra/test.sh, which starts PostgreSQL.");
        var schema = "replicas_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync(Ct);
            await using var create = new NpgsqlCommand($"CREATE SCHEMA {schema}", connection);
            await create.ExecuteNonQueryAsync(Ct);
        }

        var data = Directory.CreateTempSubdirectory("sshbot-replicas-").FullName;
        return new Dictionary<string, string>(lab.Environment("replica"))
        {
            ["Slack__SigningSecret"] = Secret,
            ["Slack__BotToken"] = "xoxb-replicas",
            ["Slack__BotUserId"] = "U0BOT",
            ["Slack__ApiUrl"] = slack.ApiUrl.ToString(),
            ["Kb__Directory"] = Path.Combine(Repository.Root, "kb"),
            ["Storage__Provider"] = "postgres",
            ["Storage__ConnectionString"] = new NpgsqlConnectionStringBuilder(server) { SearchPath = schema }.ConnectionString,
            ["Storage__DataDirectory"] = data,
            ["SSHBOT_DATA_DIR"] = data,
            ["Work__Lease"] = "00:00:03",
        };
    }
}
