using SshBot.Diagnostics.Observations;

namespace SshBot.Diagnostics.ClientLogs;

/// <summary>The end of a parse: which failure decides, and the observations the whole log shows.</summary>
internal sealed partial class ParseState
{
    public ClientLogResult Finish()
    {
        if (Product is not null)
        {
            Set("client.product", Product, ProductLine ?? "");
        }

        var chosen = Choose();
        if (chosen is not null && RefusedByDesign(chosen.Rule))
        {
            chosen = null;
        }

        if (chosen is { } failure)
        {
            Classify(failure.Rule, failure.Line, failure.Progress, failure.Hop, failure.RightAfterLogin);
        }
        else if (_weak is not null && _weakLine is not null && !RefusedByDesign(_weak))
        {
            Classify(_weak, _weakLine, Progress, null, false);
        }
        else if (Facts.Failover is { } failover && Facts.LastStep is "connected" or "sent-version" or "got-version" or "authenticating" or "authenticated" or "session")
        {
            // "connect to address A: No route to host", then "Connection established" on another
            // address and nothing failed after: what the log shows is the dead first address (the
            // wait before the next one), not a hang where the poster stopped copying.
            Set("client.error", "dead-address", failover.Line);
            Set("client.stage", StageName(Max(Progress, ClientStage.Connect)), failover.Line);
            Set("client.failure_line", failover.Line, failover.Line);
            Set("client.failed_addresses", failover.Addresses, failover.Line);
        }
        else if (Facts.LastStep is { } step && LastSteps.Waiting.Contains(step) && Facts.NotSshReply is null)
        {
            // A verbose log that stops with no error while waiting for the server: it hung there.
            var stage = step is "connected" or "sent-version" ? ClientStage.Banner : ClientStage.Kex;
            Set("client.error", "stalled", Facts.LastStepLine!);
            Set("client.stage", StageName(stage), Facts.LastStepLine!);
        }
        else if (Facts.NotSshReply is not null)
        {
            Set("client.error", "not-ssh", Facts.NotSshLine!);
            Set("client.stage", StageName(ClientStage.Banner), Facts.NotSshLine!);
        }
        else if (Progress > ClientStage.None)
        {
            Set("client.stage", StageName(Progress), "");
        }

        RecordFacts();
        var evidence = _evidence.Where(kv => kv.Value.Any(l => l.Length > 0))
            .ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)kv.Value.Where(l => l.Length > 0).ToArray(), StringComparer.Ordinal);
        return new ClientLogResult(Observations, evidence, Notes);
    }

    /// <summary>
    /// A terminal or shell refused by a git host that greeted the user: it has none to give, by
    /// design, and the login worked; no failure.
    /// </summary>
    private bool RefusedByDesign(FailureRule rule) =>
        Facts.NoShellByDesign && rule.Error is "pty-refused" or "server-resources" or "no-shell";

    /// <summary>
    /// The strong failure that decides: the last one (people retry), unless it is a debug-level
    /// failure the client got past, a close or refusal that follows the reason for it, or the
    /// outer client's "closed" after a jump host already said why it failed.
    /// </summary>
    private Failure? Choose()
    {
        // A debug-level failure the client got past, and ssh's question about an unknown host key
        // that the user answered yes ("Warning: Permanently added ..."): neither stopped it.
        var candidates = _strongs.Where(f => !(f.Line.Text.StartsWith("debug", StringComparison.Ordinal) && Progress > f.Progress)
            && !(f.Rule.Error == "hostkey-unknown" && Facts.HostKeyAccepted)).ToList();
        if (candidates.Count == 0)
        {
            return null;
        }

        foreach (var (consequence, reasons) in ReasonsBeforeTheirConsequence)
        {
            if (ReasonBefore(candidates, consequence, reasons) is { } reason)
            {
                return reason;
            }
        }

        // (The jump host's own password prompt may have moved the log to the login stage.)
        var last = candidates[^1];
        if (Facts.JumpLine is not null && IsClose(last.Rule.Error) && last.Progress <= ClientStage.Auth)
        {
            var before = candidates.LastOrDefault(f => !IsClose(f.Rule.Error));
            if (before is not null)
            {
                return before with { Hop = before.Hop ?? "jump" };
            }
        }

        // Logins refused, or a session the server would not open, then the close that ends them
        // and nothing else: the refusal decides, as a reason above does. The refusal may be in
        // words that are weak alone ("Permission denied, please try again." twice, then borg's
        // "Connection closed by remote host"). After the jump host's case: there the refusal is
        // the jump host's.
        if (ReasonBefore(candidates, IsClose, Refusals) is { } refused)
        {
            return refused;
        }

        if (IsClose(last.Rule.Error) && _refusal is { } refusal && refusal.StrongsBefore == _strongs.Count - 1 && ReferenceEquals(last, _strongs[^1]))
        {
            return refusal.Failure;
        }

        return last;
    }

    private static bool IsClose(string error) => error is "closed-by-remote" or "connection-reset";

    /// <summary>
    /// A reason, then what it led to as the last failure: the reason decides. Each entry is the
    /// consequence and the reasons it follows.
    /// </summary>
    private static readonly (Func<string, bool> Consequence, string[] Reasons)[] ReasonsBeforeTheirConsequence =
    [
        // "Your account has expired", then "Connection closed by ...": the server said why it
        // ends the session, and the close that follows is that ending, not another failure.
        (IsClose, ["account-expired", "no-shell", "server-resources", "no-space", "pty-refused", "subsystem-failed"]),
        // A library whose host key check said no, then "Key exchange negotiation failed"
        // (SSH.NET and Posh-SSH: the check runs inside key exchange): the key is why.
        (error => error.StartsWith("no-matching-", StringComparison.Ordinal), ["hostkey-changed", "hostkey-unknown"]),
        // "sh: /usr/libexec/sftp-server: No such file or directory", then sftp's "Received
        // message too long": the shell's complaint about the missing server is the text sftp
        // read as a length, not a greeting a login script printed.
        (error => error == "shell-output", ["subsystem-failed"]),
        // "REMOTE HOST IDENTIFICATION HAS CHANGED!", then "Password authentication is disabled
        // to avoid man-in-the-middle attacks" and "Permission denied": OpenSSH went on with the
        // changed key but without passwords, so the refusal is the changed key's doing.
        (error => error == "permission-denied", ["hostkey-changed"]),
    ];

    private static readonly string[] Refusals = ["permission-denied", "too-many-auth-failures", "session-open-failed"];

    /// <summary>The failure before the last, when the last is <paramref name="consequence"/> and it is one of <paramref name="reasons"/>.</summary>
    private static Failure? ReasonBefore(List<Failure> candidates, Func<string, bool> consequence, string[] reasons) =>
        candidates.Count > 1 && consequence(candidates[^1].Rule.Error) && reasons.Contains(candidates[^2].Rule.Error) ? candidates[^2] : null;

    private void RecordFacts()
    {
        if (Facts.LastStep is { } step)
        {
            Set("client.last_step", step, Facts.LastStepLine!);
        }

        if (Facts.ServerSoftware is { } software)
        {
            Set("client.server_software", software, Facts.ServerSoftwareLine!);
        }

        if (Facts.PreBannerLines.Count > 0)
        {
            Set("client.pre_banner_lines", Facts.PreBannerLines, Facts.PreBannerLine!);
        }

        if (Facts.NotSshReply is { } reply)
        {
            Set("client.not_ssh_reply", reply, Facts.NotSshLine!);
        }

        if (Facts.ServerLines.Count > 0)
        {
            Set("client.server_log", Facts.ServerLines, Facts.ServerLines[0]);
        }

        if (Facts.HostCertificate is { } certificate)
        {
            Set("client.hostcert.status", certificate.Status, certificate.Line);
        }

        if (Facts.NameWithIpv6Line is { } ipv6)
        {
            Record("client.name_has_ipv6", ObservationValue.Of(true), ipv6);
        }

        if (Facts.RemoteCommandMissing is { } missing)
        {
            Notes.Add($"the login worked: the far side's shell could not find '{missing.Command}'; install it on the host, " +
                "or give the tool its path there (rsync's --rsync-path, git's --upload-pack and --receive-pack)");
        }

        if (Facts.SuccessLine is { } success)
        {
            Record("client.authenticated", ObservationValue.Of(true), success);
        }

        if (Facts.Tool is { } tool)
        {
            Set("client.tool", tool, Facts.ToolLine!);
        }

        if (Facts.Os is { } os)
        {
            Set("client.os", os, Facts.OsLine!);
        }

        if (Facts.JumpLine is { } jump)
        {
            Record("client.via_jump", ObservationValue.Of(true), jump);
        }

        var host = Observations.GetText("client.host");
        if (HostFacts.Scope(host) is { } scope)
        {
            Set("client.host_scope", scope, _evidence["client.host"][0]);
        }
        else if (SeenAddress is { } seen && HostFacts.Scope(seen.Address) is { } addressScope)
        {
            // A name the bot cannot place, connected at an address it can (private, loopback, public).
            Set("client.host_scope", addressScope, seen.Line);
        }
        else if (host is null && _maskedScope is { } masked)
        {
            Set("client.host_scope", masked.Scope, masked.Line);
        }

        if (Observations.TryGetValue("client.port", out var port) && HostFacts.ServiceOf((int)port.Number, host) is { } service)
        {
            Set("client.port_service", service, _evidence["client.port"][0]);
        }
    }
}
