using System.Globalization;
using SshBot.Diagnostics.Engine;
using SshBot.Diagnostics.OpenSsh;

namespace SshBot.Diagnostics.Probes.Authenticate;

/// <summary>
/// The bot logs in with its own identity through OpenSSH (<see cref="OpenSshRunner"/>, remote
/// command <c>true</c>) to the address the policy validated, and records what ssh said as
/// <c>ssh.auth.*</c>: the methods offered, accepted or denied, the host key's fingerprint and
/// whether the bot's known_hosts knows it, and the exact failure line. Every key shown is kept
/// in the <see cref="IHostKeyHistory"/>, so a changed key is said to be seen before or never seen.
/// Without an identity the stage records <c>ssh.auth.status = unavailable</c> and is skipped.
/// </summary>
public sealed class AuthenticateStage : IDiagnosisStage
{
    public const string StageName = StageNames.Authenticate;

    private readonly OpenSshRunner? _runner;
    private readonly IHostKeyHistory? _history;
    private readonly TimeSpan _timeout;

    public AuthenticateStage(OpenSshRunner? runner, IHostKeyHistory? history = null, TimeSpan? timeout = null)
    {
        _runner = runner;
        _history = history;
        _timeout = timeout ?? (runner is null ? TimeSpan.FromSeconds(1) : runner.Options.ConnectTimeout + TimeSpan.FromSeconds(20));
    }

    public string Name => StageName;

    public IReadOnlyList<string> DependsOn => [StageNames.Negotiate];

    public TimeSpan GetTimeout(DiagnosisOptions options) => _timeout;

    public async Task<StageOutcome> RunAsync(DiagnosisContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var o = context.Observations;
        if (_runner is null)
        {
            o.Set("ssh.auth.status", "unavailable");
            return StageOutcome.Skip("no identity configured (Ssh:IdentityFile): the bot does not log in");
        }

        // ssh gets a little less than the stage so that its own timeout, not the engine's, ends it.
        var processTimeout = _timeout > TimeSpan.FromSeconds(2) ? _timeout - TimeSpan.FromSeconds(1) : _timeout;
        var result = await _runner.RunAsync(context.Target, context.DialAddress(), RemoteCommand.None, null, processTimeout, cancellationToken);
        if (result.TimedOut)
        {
            o.Set("ssh.auth.status", "error");
            var line = $"ssh did not finish within {processTimeout.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s";
            o.Set("ssh.auth.failure_line", line);
            return StageOutcome.Fail(line);
        }

        var login = BotLoginParser.Parse(result.Stderr, result.ExitCode);
        o.Set("ssh.auth.status", login.Status);
        if (login.Methods.Count > 0)
        {
            o.Set("ssh.auth.methods", login.Methods);
        }

        if (login.Fingerprint is not null)
        {
            o.Set("ssh.auth.hostkey.fingerprint", login.Fingerprint);
        }

        if (login.HostKeyStatus is not null)
        {
            o.Set("ssh.auth.hostkey.status", login.HostKeyStatus);
        }

        if (login.FailureLine is not null)
        {
            o.Set("ssh.auth.failure_line", login.FailureLine);
        }

        if (_history is not null && login.Fingerprint is not null)
        {
            await RecordHistoryAsync(context, login, cancellationToken);
        }

        return login.Status == "accepted"
            ? StageOutcome.Ok($"logged in with {login.AcceptedMethod}")
            : StageOutcome.Fail(login.FailureLine ?? login.Status);
    }

    private async Task RecordHistoryAsync(DiagnosisContext context, BotLogin login, CancellationToken cancellationToken)
    {
        var (host, port) = (context.Target.Host, context.Target.Port);
        if (login.HostKeyStatus == "known")
        {
            await _history!.RecordAsync(host, port, login.HostKeyType ?? "unknown", login.Fingerprint!, cancellationToken);
        }
        else if (login.HostKeyStatus == "changed")
        {
            var keys = await _history!.ListAsync(host, port, cancellationToken);
            var before = keys.LastOrDefault(k => k.Fingerprint == login.Fingerprint);
            context.Observations.Set("ssh.auth.hostkey.history", before is null ? "never-seen" : "seen-before");
            if (before is not null)
            {
                context.Observations.Set("ssh.auth.hostkey.last_seen", before.LastSeen.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            }
        }
    }
}
