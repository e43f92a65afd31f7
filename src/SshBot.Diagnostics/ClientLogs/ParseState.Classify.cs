using SshBot.Diagnostics.Observations;

namespace SshBot.Diagnostics.ClientLogs;

/// <summary>
/// The deciding failure line, classified: the same words mean another failure by where they came
/// (a session refused vs. a forward, a timeout at the banner vs. at the connect, an idle drop).
/// </summary>
internal sealed partial class ParseState
{
    private void Classify(FailureRule rule, LogText.Line line, ClientStage progress, string? hop, bool rightAfterLogin)
    {
        var error = rule.Error;
        if (error == "forwarding-refused" && (Facts.RefusedASession(line.Text) || NamesTheSessionLimit(line.Text)))
        {
            // "administratively prohibited" on a session request (ControlMaster, MaxSessions), not a forward.
            error = "session-open-failed";
        }
        else if (error is "closed-by-remote" or "connection-reset" or "stalled" or "banner-timeout" && Facts.NotSshReply is not null)
        {
            error = "not-ssh";
        }
        else if (error is "connection-refused" or "connection-timed-out" or "connection-reset" or "closed-by-remote" or "no-route" or "banner-timeout"
            && Facts.ServerLines.Any(ServerLogLines.BansAnAddress))
        {
            // The host's ban tool, pasted beside the client's refusal or timeout: the ban is why.
            error = "ip-banned";
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
        if (ReadsFromDeadConnection(line.Text) || line.Text.Contains("client_loop:", StringComparison.OrdinalIgnoreCase)
            || (progress < ClientStage.Kex && LocalizedSocketErrors.Says(line.Text, "Software caused connection abort")
                && !line.Text.Contains("Session.connect", StringComparison.OrdinalIgnoreCase)))
        {
            // "Read from remote host X: Connection reset by peer" is the client's session read loop,
            // and "client_loop: send disconnect: ..." its write: both only run once a session is up.
            // PuTTY's "Network error: Software caused connection abort" is Windows killing a
            // connection that was established (PuTTY's FAQ): a session, unless the log shows it
            // died in the handshake (or JSch's "Session.connect:" says it died connecting).
            stage = ClientStage.Session;
        }

        if (error == "closed-by-remote" && Facts.Tool == "sftp" && stage is ClientStage.Auth or ClientStage.Session && !Facts.SftpStarted)
        {
            // sftp closed by the server once the login was under way and before any SFTP reply:
            // the subsystem it asks for right after the login did not start (with -v the log
            // would say "subsystem request failed").
            error = "subsystem-failed";
            stage = ClientStage.Session;
        }

        // The same words mean a different failure once a session was running.
        if (stage == ClientStage.Session)
        {
            if (error == "connection-timed-out")
            {
                error = "keepalive-timeout";
            }
            else if (LocalizedSocketErrors.Says(line.Text, "Software caused connection abort")
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
            && (line.Text.Contains("No supported authentication method", StringComparison.OrdinalIgnoreCase)
                || line.Text.Contains("No authentication methods available", StringComparison.OrdinalIgnoreCase)
                || line.Text.Contains("No suitable authentication method", StringComparison.OrdinalIgnoreCase)
                || line.Text.Contains("Bad authentication type", StringComparison.OrdinalIgnoreCase)
                || line.Text.Contains("BadAuthenticationType", StringComparison.OrdinalIgnoreCase)))
        {
            // PuTTY gives up before trying anything when it holds nothing the server accepts: no
            // key was loaded to offer, so the method the server wants was never in use. paramiko's
            // BadAuthenticationType says the same of the method it used: the server does not allow it.
            // SSH.NET's "No suitable authentication method found to complete authentication
            // (publickey,keyboard-interactive)" too: none of its methods is in the server's list.
            // paramiko's "No authentication methods available": it had no key or password at all.
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
