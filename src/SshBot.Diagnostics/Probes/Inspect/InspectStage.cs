using SshBot.Diagnostics.Engine;
using SshBot.Diagnostics.Inspection;
using SshBot.Diagnostics.Probes.Authenticate;
using SshBot.Diagnostics.SshSessions;
using SshBot.Diagnostics.Targets;

namespace SshBot.Diagnostics.Probes.Inspect;

/// <summary>
/// Logs in as the bot (<see cref="BotSshConnector"/>) and runs the fixed inspection script
/// (<see cref="InspectionScript"/>, byte for byte, on the stdin of <c>/bin/sh -s</c>), then
/// records what it says as <c>host.*</c>.
/// Runs only when the bot's own login was accepted; otherwise <c>host.inspect.status</c> says
/// it was skipped (or unavailable, with no identity configured). Ban sets are checked against
/// the user's address when the request gave one (<c>report.client_address</c>), else the bot's.
/// The script runs in the session the authenticate stage opened when it left one in the
/// <see cref="LoginHandoff"/>; otherwise the stage logs in for it.
/// </summary>
public sealed class InspectStage(IBotLogins? connector, TimeSpan? timeout = null, LoginHandoff? handoff = null) : IDiagnosisStage, IRecordsSkip
{
    public const string StageName = "inspect";

    /// <summary>The stage whose accepted login this one builds on.</summary>
    public const string AuthenticateStage = "authenticate";

    /// <summary>How long the script may run on the host, login included.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private readonly TimeSpan _timeout = timeout ?? DefaultTimeout;

    public string Name => StageName;

    public IReadOnlyList<string> DependsOn => [AuthenticateStage];

    // The session's own timeout comes first so a slow host still yields its partial output.
    public TimeSpan GetTimeout(DiagnosisOptions options) => _timeout + TimeSpan.FromSeconds(5);

    public async Task<StageOutcome> RunAsync(DiagnosisContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var o = context.Observations;
        if (connector is null)
        {
            o.Set("host.inspect.status", "unavailable");
            return StageOutcome.Fail("no bot identity is configured, so the bot does not log in");
        }

        var login = o.GetText("ssh.auth.status");
        var handed = handoff?.Take(context);
        if (login != "accepted")
        {
            handed?.Dispose();
            o.Set("host.inspect.status", login == "unavailable" ? "unavailable" : "skipped");
            return StageOutcome.Fail($"skipped: the bot's login was not accepted (ssh.auth.status = {login ?? "unknown"})");
        }

        var started = context.Time.GetTimestamp();
        var session = handed;
        if (session is null)
        {
            if (context.DialAddress() is not { } dial)
            {
                o.Set("host.inspect.status", "error");
                return StageOutcome.Fail("no validated address to log in to");
            }

            var opened = await connector.LoginAsync(context.Target, dial, context.Origin, _timeout, cancellationToken);
            if (opened.Session is null)
            {
                o.Set("host.inspect.status", "error");
                return StageOutcome.Fail($"the bot's login for the inspection failed: {opened.Login.FailureLine ?? opened.Login.Status}");
            }

            session = opened.Session;
        }

        ScriptResult result;
        using (session)
        {
            var left = _timeout - context.Time.GetElapsedTime(started);
            result = await session.RunScriptAsync(InspectionScript.Text, left > TimeSpan.Zero ? left : TimeSpan.FromMilliseconds(1), cancellationToken);
        }

        var report = InspectionParser.Parse(result.Stdout, context.Target.Port);
        var user = o.GetText("report.client_address") is { } given && AddressParser.TryParse(given, out var address) ? address : null;
        if (report.Recognized)
        {
            report.WriteTo(o, user);
        }

        if (result.TimedOut)
        {
            o.Set("host.inspect.status", "timeout");
            return StageOutcome.Fail($"the inspection did not finish within {_timeout.TotalSeconds:0} s ({report.Sections.Count} checks read)");
        }

        if (!report.Recognized)
        {
            o.Set("host.inspect.status", "error");
            var exit = result.ExitStatus?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none";
            return StageOutcome.Fail($"no inspection output (exit status {exit}): {LastLine(result.Stderr)}");
        }

        o.Set("host.inspect.status", "ok");
        var unavailable = o.TryGetValue("host.inspect.unavailable", out var u) ? u.Items.Count : 0;
        return StageOutcome.Ok($"{report.Sections.Count} checks, {unavailable} could not run");
    }

    public void RecordSkipped(DiagnosisContext context, string blocker)
    {
        ArgumentNullException.ThrowIfNull(context);
        handoff?.Take(context)?.Dispose();
        var unavailable = connector is null || context.Observations.GetText("ssh.auth.status") == "unavailable";
        context.Observations.Set("host.inspect.status", unavailable ? "unavailable" : "skipped");
    }

    private static string LastLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "nothing on stderr";
}
