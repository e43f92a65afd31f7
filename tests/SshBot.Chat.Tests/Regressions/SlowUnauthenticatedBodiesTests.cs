using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;
using SshBot.Chat.Tests.Support;

namespace SshBot.Chat.Tests.Regressions;

/// <summary>Tests that measure this process's memory run alone, so no other test's allocations count.</summary>
[CollectionDefinition(nameof(MeasuresMemory), DisableParallelization = true)]
public sealed class MeasuresMemory;

/// <summary>
/// Issue 16 item 1: unauthenticated peers made the server buffer 300 bodies of 1 MiB (88 MB to
/// 512 MB) and held them for as long as Kestrel's minimum data rate allowed (about 70 minutes).
/// Against the real Kestrel socket on 127.0.0.1: 300 connections each send nearly a whole 1 MiB
/// body and stall, as three kinds of stranger (no Slack headers, well-formed but wrong Slack
/// headers, a forged Teams token).
/// </summary>
[Collection(nameof(MeasuresMemory))]
public sealed class SlowUnauthenticatedBodiesTests
{
    private const int Connections = 300;
    private const int BodyBytes = 1024 * 1024;

    /// <summary>
    /// The bound on the process's growth (server and these clients) while all 300 are held.
    /// Measured here on two busy cores: 34 to 62 MiB over eight runs (at most 16 bodies of up to
    /// 1 MiB read at once, Kestrel's 32 KiB read-ahead per connection, threads, garbage not yet
    /// collected); the code before the fix grew by 497 MiB and held every connection past 60 s.
    /// </summary>
    private const long MaxGrowthBytes = 128L * 1024 * 1024;

    /// <summary>Each connection is closed within this of being opened (Server:BodyReadTimeout is 2 s here; measured 2.5 to 4.6 s).</summary>
    private static readonly TimeSpan ClosedWithin = TimeSpan.FromSeconds(10);

    private static readonly byte[] Filler = Enumerable.Repeat((byte)'a', BodyBytes).ToArray();

    [Fact]
    public async Task ThreeHundredStalledUnauthenticatedBodiesAreClosedWithinSecondsAndHoldLittleMemory()
    {
        await using var teams = await FakeBotFramework.StartAsync();
        var settings = teams.Settings;
        settings["Server:BodyReadTimeout"] = "00:00:02";
        await using var bot = await BotServer.StartAsync(extra: settings);
        var port = new Uri(bot.App.Urls.First()).Port;
        var forged = teams.Token(credentials: new SigningCredentials(new RsaSecurityKey(RSA.Create(2048)) { KeyId = teams.Kid }, SecurityAlgorithms.RsaSha256));
        string[] heads = [SlackHead(signed: false), SlackHead(signed: true), TeamsHead(forged)];

        // Warm up every path once so that loading code is not counted as growth.
        await Task.WhenAll(heads.Select(h => HoldAsync(port, h)));
        var before = Measure();
        using var peak = new PeakMemory();

        var held = await Task.WhenAll(Enumerable.Range(0, Connections).Select(i => HoldAsync(port, heads[i % heads.Length])));
        var growth = peak.Stop() - before;

        var longest = held.Max();
        Assert.True(longest <= ClosedWithin, $"a stalled connection was held {longest.TotalSeconds:0.0} s (bound {ClosedWithin.TotalSeconds} s)");
        Assert.True(growth <= MaxGrowthBytes, $"the server grew by {growth / (1024 * 1024)} MiB holding {Connections} stalled bodies (bound {MaxGrowthBytes / (1024 * 1024)} MiB)");
        Assert.Equal(0, bot.Runner.Runs);
        TestContext.Current.SendDiagnosticMessage($"{Connections} stalled bodies: peak growth {growth / (1024.0 * 1024):0.0} MiB, longest held {longest.TotalSeconds:0.00} s");
    }

    private static string SlackHead(bool signed)
    {
        var head = new StringBuilder($"POST /api/slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {BodyBytes}\r\n");
        if (signed)
        {
            var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            head.Append($"X-Slack-Request-Timestamp: {now}\r\nX-Slack-Signature: v0={new string('a', 64)}\r\n");
        }

        return head.Append("\r\n").ToString();
    }

    private static string TeamsHead(string token) =>
        $"POST /api/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nAuthorization: Bearer {token}\r\nContent-Length: {BodyBytes}\r\n\r\n";

    /// <summary>Sends the head and all but the last byte of the body, then waits for the server to close; returns how long that took.</summary>
    private static async Task<TimeSpan> HoldAsync(int port, string head)
    {
        var started = Stopwatch.GetTimestamp();
        using var client = new TcpClient();
        using var giveUp = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await client.ConnectAsync("127.0.0.1", port, giveUp.Token);
        var stream = client.GetStream();
        try
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head), giveUp.Token);
            await stream.WriteAsync(Filler.AsMemory(0, BodyBytes - 1), giveUp.Token);
            var sink = new byte[4096];
            while (await stream.ReadAsync(sink, giveUp.Token) > 0)
            {
            }
        }
        catch (IOException)
        {
            // Reset by the server while sending or reading: closed.
        }
        catch (OperationCanceledException)
        {
            return TimeSpan.FromSeconds(60);
        }

        return Stopwatch.GetElapsedTime(started);
    }

    private static long Measure()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return Environment.WorkingSet;
    }

    /// <summary>Samples the working set every 20 ms until stopped; returns the highest seen.</summary>
    private sealed class PeakMemory : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task<long> _sampling;

        public PeakMemory() => _sampling = Task.Run(SampleAsync);

        public long Stop()
        {
            _stop.Cancel();
            return _sampling.GetAwaiter().GetResult();
        }

        public void Dispose() => _stop.Dispose();

        private async Task<long> SampleAsync()
        {
            var peak = Environment.WorkingSet;
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
            try
            {
                while (await timer.WaitForNextTickAsync(_stop.Token))
                {
                    peak = Math.Max(peak, Environment.WorkingSet);
                }
            }
            catch (OperationCanceledException)
            {
            }

            return Math.Max(peak, Environment.WorkingSet);
        }
    }
}
