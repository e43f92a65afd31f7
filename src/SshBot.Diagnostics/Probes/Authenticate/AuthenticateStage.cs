using System.Globalization;
using SshBot.Diagnostics.Engine;
using SshBot.Diagnostics.SshSessions;

namespace SshBot.Diagnostics.Probes.Authenticate;

/// <summary>
/// The bot logs in with its own identity (<see cref="BotSshConnector"/>, SSH.NET in-process) to
/// the address the policy validated, and records what it saw as <c>ssh.auth.*</c>: the methods
/// offered, accepted or denied, the host key's fingerprint and whether the bot's known_hosts (or
/// host CA) vouches for it, the pre-login banner, a disconnect's code, and the exact failure.
/// Every trusted key is kept in the <see cref="IHostKeyHistory"/>, so a changed key is said to be
/// seen before or never seen. Without an identity the stage records
/// <c>ssh.auth.status = unavailable</c> and is skipped.
/// </summary>
public sealed class AuthenticateStage : IDiagnosisStage
{
    public const string StageName = StageNames.Authenticate;

    private readonly IBotLogins? _connector;
    private readonly IHostKeyHistory? _history;
    private readonly LoginHandoff? _handoff;
    private readonly TimeSpan _timeout;

    /// <param name="connector">The bot's logins; null: no identity, the stage records itself unavailable.</param>
    /// <param name="history">Where trusted keys are kept and changed ones looked up.</param>
    /// <param name="timeout">The stage's bound; the login's own comes a second before it.</param>
    /// <param name="handoff">Where an accepted session is left for the inspection; null: it is closed at once.</param>
    public AuthenticateStage(IBotLogins? connector, IHostKeyHistory? history = null, TimeSpan? timeout = null, LoginHandoff? handoff = null)
    {
        _connector = connector;
        _history = history;
        _handoff = handoff;
        _timeout = timeout ?? (connector is null ? TimeSpan.FromSeconds(1) : connector.ConnectTimeout + TimeSpan.FromSeconds(20));
    }

    public string Name => StageName;

    public IReadOnlyList<string> DependsOn => [StageNames.Negotiate];

    public TimeSpan GetTimeout(DiagnosisOptions options) => _timeout;

    public async Task<StageOutcome> RunAsync(DiagnosisContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var o = context.Observations;
        if (_connector is null)
        {
            o.Set("ssh.auth.status", "unavailable");
            return StageOutcome.Skip("no identity configured (Ssh:IdentityFile): the bot does not log in");
        }

        if (context.DialAddress() is not { } address)
        {
            o.Set("ssh.auth.status", "error");
            return StageOutcome.Fail("no validated address to log in to");
        }

        // The login's own deadline comes a little before the stage's, so it, not the engine, ends it.
        var loginTimeout = _timeout > TimeSpan.FromSeconds(2) ? _timeout - TimeSpan.FromSeconds(1) : _timeout;
        var result = await _connector.LoginAsync(context.Target, address, context.Origin, loginTimeout, cancellationToken);
        if (result.Session is { } session)
        {
            if (_handoff is null)
            {
                session.Dispose();
            }
            else
            {
                _handoff.Offer(context, session);
            }
        }

        var login = result.Login;
        Record(o, login);
        if (_history is not null && login.Fingerprint is not null)
        {
            await RecordHistoryAsync(context, login, cancellationToken);
        }

        return login.Status == "accepted"
            ? StageOutcome.Ok($"logged in with {login.AcceptedMethod}")
            : StageOutcome.Fail(login.FailureLine ?? login.Status);
    }

    private static void Record(Observations.ObservationSet o, BotLogin login)
    {
        o.Set("ssh.auth.status", login.Status);
        if (login.Methods.Count > 0)
        {
            o.Set("ssh.auth.methods", login.Methods);
        }

        SetIf(o, "ssh.auth.hostkey.fingerprint", login.Fingerprint);
        SetIf(o, "ssh.auth.hostkey.status", login.HostKeyStatus);
        SetIf(o, "ssh.auth.failure_line", login.FailureLine);
        SetIf(o, "ssh.auth.banner", login.Banner);
        if (login.DisconnectCode is { } code)
        {
            o.Set("ssh.auth.disconnect_code", code);
        }

        SetIf(o, "ssh.auth.hostcert.status", login.HostCertificateStatus);
        if (login.HostCertificate is { } cert)
        {
            o.Set("ssh.auth.hostcert.principals", cert.Principals);
            o.Set("ssh.auth.hostcert.valid_after", cert.ValidAfter);
            o.Set("ssh.auth.hostcert.valid_before", cert.ValidBefore);
            o.Set("ssh.auth.hostcert.key_id", $"{cert.KeyId} (serial {cert.Serial.ToString(CultureInfo.InvariantCulture)})");
        }

        SetIf(o, "ssh.auth.usercert.status", login.UserCertificateStatus);
        SetIf(o, "ssh.auth.usercert.valid_before", login.UserCertificateValidBefore);
    }

    private static void SetIf(Observations.ObservationSet o, string key, string? value)
    {
        if (value is not null)
        {
            o.Set(key, value);
        }
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
