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
        if (chosen is { } failure)
        {
            Classify(failure.Rule, failure.Line, failure.Progress, failure.Hop, failure.RightAfterLogin);
        }
        else if (_weak is not null && _weakLine is not null)
        {
            Classify(_weak, _weakLine, Progress, null, false);
        }
        else if (Facts.LastStep is { } step && LastSteps.Waiting.Contains(step) && !Facts.PreBannerLines.Any(ServerWords.LooksNotSsh))
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
    /// The strong failure that decides: the last one (people retry), unless it is a debug-level
    /// failure the client got past, or the outer client's "closed" after a jump host already said
    /// why it failed.
    /// </summary>
    private Failure? Choose()
    {
        var candidates = _strongs.Where(f => !(f.Line.Text.StartsWith("debug", StringComparison.Ordinal) && Progress > f.Progress)).ToList();
        if (candidates.Count == 0)
        {
            return null;
        }

        var last = candidates[^1];
        if (Facts.JumpLine is not null && last.Rule.Error is "closed-by-remote" or "connection-reset" && last.Progress <= ClientStage.Banner)
        {
            var before = candidates.LastOrDefault(f => f.Rule.Error is not "closed-by-remote" and not "connection-reset");
            if (before is not null)
            {
                return before with { Hop = before.Hop ?? "jump" };
            }
        }

        return last;
    }

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

        if (Facts.SuccessLine is { } success)
        {
            Record("client.authenticated", ObservationValue.Of(true), success);
        }

        if (Facts.Tool is { } tool)
        {
            Set("client.tool", tool, Facts.ToolLine!);
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

        if (Observations.TryGetValue("client.port", out var port) && HostFacts.ServiceOf((int)port.Number, host) is { } service)
        {
            Set("client.port_service", service, _evidence["client.port"][0]);
        }
    }

    private void Classify(FailureRule rule, LogText.Line line, ClientStage progress, string? hop, bool rightAfterLogin)
    {
        var error = rule.Error;
        if (error == "forwarding-refused" && (Facts.RefusedASession(line.Text) || NamesTheSessionLimit(line.Text)))
        {
            // "administratively prohibited" on a session request (ControlMaster, MaxSessions), not a forward.
            error = "session-open-failed";
        }
        else if (error is "closed-by-remote" or "connection-reset" && Facts.NotSshReply is not null)
        {
            error = "not-ssh";
        }
        else if (error == "connection-timed-out" && (line.Text.Contains("exchange_identification", StringComparison.OrdinalIgnoreCase)
            || line.Text.Contains("banner exchange", StringComparison.OrdinalIgnoreCase)))
        {
            // "kex_exchange_identification: read: Operation timed out", "banner exchange: Connection
            // to X port 22: Operation timed out": TCP was up, the wait for the server's banner timed out.
            error = "banner-timeout";
        }
        else if (error == "connection-timed-out" && line.Text.Contains("handshake failed", StringComparison.OrdinalIgnoreCase))
        {
            // Go's "ssh: handshake failed: read tcp ...: i/o timeout": connected, then the server went quiet.
            error = "stalled";
        }
        else if (error is "hostkey-unknown" or "hostkey-failed" && Facts.HostCertificate is not null)
        {
            // OpenSSH refused the host's certificate, then checked the plain key it falls back to:
            // the unknown key is the consequence, the certificate the cause.
            error = "hostcert-invalid";
        }

        var stage = rule.Stage ?? error switch
        {
            "connection-reset" or "closed-by-remote" or "stalled" or "banner-timeout" => Max(progress, ClientStage.Banner),
            "connection-timed-out" => Max(progress, ClientStage.Connect),
            _ => Max(progress, ClientStage.Connect),
        };
        if (ReadsFromDeadConnection(line.Text))
        {
            // "Read from remote host X: Connection reset by peer" is the client's session read loop.
            stage = ClientStage.Session;
        }

        // The same words mean a different failure once a session was running.
        if (stage == ClientStage.Session)
        {
            if (error == "connection-timed-out")
            {
                error = "keepalive-timeout";
            }
            else if (line.Text.Contains("Software caused connection abort", StringComparison.OrdinalIgnoreCase)
                || (error == "connection-reset" && WritesIntoDeadConnection(line.Text)))
            {
                // The client's own write into a connection that is gone: a broken pipe by another name.
                error = "broken-pipe";
            }
        }

        Set("client.error", error, line.Text);
        foreach (var other in _linesByError.GetValueOrDefault(rule.Error) ?? [])
        {
            if (!_evidence["client.error"].Contains(other))
            {
                _evidence["client.error"].Add(other);
            }
        }

        Set("client.failure_line", line.Text, line.Text);
        if (error == "permission-denied" && !Observations.ContainsKey("client.auth.methods_tried")
            && line.Text.Contains("No supported authentication method", StringComparison.OrdinalIgnoreCase))
        {
            // PuTTY gives up before trying anything when it holds nothing the server accepts: no
            // key was loaded to offer, so the method the server wants was never in use.
            Set("client.auth.methods_tried", [], line.Text);
        }

        Set("client.stage", StageName(stage), line.Text);
        if (hop is not null)
        {
            Set("client.failed_hop", hop, line.Text);
        }

        // A write into a dead connection or a keepalive that went unanswered is an idle drop; so is
        // a close by the server, unless it came right after the login with no session in between.
        if (stage == ClientStage.Session && (error is "broken-pipe" or "keepalive-timeout"
            || (error == "connection-reset" && ReadsFromDeadConnection(line.Text))
            || (error == "closed-by-remote" && (Facts.SessionRan || !rightAfterLogin))))
        {
            // A session that dies on a write or a keepalive, not on a command: what an idle
            // session forgotten by a NAT or firewall looks like from the client.
            Record("client.idle_drop", ObservationValue.Of(true), line.Text);
        }
        else
        {
            // The output shows how it failed, and it was not a session left idle.
            Record("client.idle_drop", ObservationValue.Of(false), line.Text);
        }
    }
}
