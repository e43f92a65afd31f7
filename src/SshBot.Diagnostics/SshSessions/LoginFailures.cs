using System.Globalization;
using System.Net.Sockets;
using Renci.SshNet.Common;
using Renci.SshNet.Messages.Transport;

namespace SshBot.Diagnostics.SshSessions;

/// <summary>
/// The bot's own reading of how an SSH.NET login ended, in the words OpenSSH would use where
/// it has words for it (so articles and people recognise them): the host key decision first
/// (it was made before any authentication), then the exception. SSH.NET's timeouts are all one
/// exception; what the attempt saw before it (identification, host key) says which step stalled.
/// </summary>
internal static class LoginFailures
{
    /// <summary>The outcome of <paramref name="attempt"/>; <paramref name="failure"/> is null when the login succeeded.</summary>
    public static BotLogin Describe(LoginAttempt attempt, Exception? failure, string dialled, int port, TimeSpan timeout)
    {
        var presented = attempt.Presented;
        var decision = attempt.Decision;
        var certificate = attempt.Certificate is { } c && attempt.Request.Trust is not null
            ? new HostCertificateSummary(c.KeyId, c.Serial, [.. c.ValidPrincipals], HostCertificateFacts.Show(c.ValidAfterUnixSeconds, false), HostCertificateFacts.Show(c.ValidBeforeUnixSeconds, true), "SHA256:" + c.CertificateAuthorityKeyFingerPrint)
            : null;
        var login = new BotLogin("error", [], null, presented?.KeyType, presented?.Fingerprint, decision?.HostKeyStatus, null, false)
        {
            Banner = attempt.Banner,
            ServerVersion = attempt.ServerVersion,
            HostCertificate = certificate,
            HostCertificateStatus = decision?.CertificateStatus,
        };
        if (failure is null)
        {
            var method = attempt.OfferedMethods.Contains("publickey") || attempt.OfferedMethods.Count == 0 ? "publickey" : attempt.OfferedMethods[0];
            return login with { Status = "accepted", AcceptedMethod = method, Methods = attempt.OfferedMethods.Count > 0 ? attempt.OfferedMethods : [method], ReachedAuthentication = true };
        }

        if (decision is { Trusted: false })
        {
            var status = decision.HostKeyStatus is { } known ? "hostkey-" + known : "hostcert-invalid";
            return login with { Status = status, FailureLine = decision.FailureLine };
        }

        // A certificate outside its window is refused inside SSH.NET, before HostKeyReceived.
        if (decision is null && attempt.Certificate is { } early && attempt.Request.Trust is { } trust && failure is SshConnectionException { DisconnectReason: DisconnectReason.KeyExchangeFailed })
        {
            var fingerprint = attempt.CertificateKeyFingerprint ?? "";
            var status = trust.Check(early, fingerprint, attempt.Request.Principal, attempt.Request.Now);
            var line = HostKeyCheck.CertificateLine(attempt.Request.KnownHostsName, attempt.Request.Principal, status, early);
            return login with { Status = "hostcert-invalid", HostCertificateStatus = status, Fingerprint = fingerprint, FailureLine = line };
        }

        return failure switch
        {
            SshAuthenticationException => Denied(login, attempt, dialled),
            // The server ended the login once its key was trusted: it refused the bot (too many
            // authentication failures, no more methods, an illegal user), in its own words.
            SshConnectionException { DisconnectReason: not DisconnectReason.None and not DisconnectReason.ConnectionLost and not DisconnectReason.KeyExchangeFailed } e when decision is not null =>
                login with
                {
                    Status = "denied",
                    Methods = attempt.OfferedMethods,
                    DisconnectCode = (int)e.DisconnectReason,
                    ReachedAuthentication = true,
                    FailureLine = $"Received disconnect from {dialled} port {port.ToString(CultureInfo.InvariantCulture)}:{((int)e.DisconnectReason).ToString(CultureInfo.InvariantCulture)}: {ServerText(e)}",
                },
            SshConnectionException { DisconnectReason: DisconnectReason.KeyExchangeFailed } e =>
                login with { FailureLine = $"Unable to negotiate with {dialled} port {port.ToString(CultureInfo.InvariantCulture)} using the bot's algorithms (no SHA-1, ssh-rsa, CBC or 3DES): {e.Message}" },
            SshConnectionException e when attempt.ServerVersion is null =>
                login with { FailureLine = $"Connection closed by {dialled} port {port.ToString(CultureInfo.InvariantCulture)} before it identified itself ({e.Message})" },
            SshConnectionException e =>
                login with { FailureLine = $"Connection to {dialled} port {port.ToString(CultureInfo.InvariantCulture)} closed: {e.Message}" },
            SshOperationTimeoutException or TimeoutException or OperationCanceledException =>
                login with { FailureLine = TimedOut(attempt, dialled, port, timeout) },
            // Closed at once, the server's kernel resets the bot's unread identification line.
            SocketException { SocketErrorCode: SocketError.ConnectionReset } when attempt.ServerVersion is null =>
                login with { FailureLine = $"Connection closed by {dialled} port {port.ToString(CultureInfo.InvariantCulture)} before it identified itself (connection reset)" },
            SocketException e =>
                login with { FailureLine = $"connect to host {dialled} port {port.ToString(CultureInfo.InvariantCulture)}: {e.Message}" },
            _ => login with { FailureLine = $"the SSH session failed: {failure.Message}" },
        };
    }

    /// <summary>
    /// The server's own description from SSH.NET's "The connection was closed by the server:
    /// TEXT (Reason)." (the message as it stands when it has another shape).
    /// </summary>
    internal static string ServerText(Renci.SshNet.Common.SshConnectionException e)
    {
        const string Prefix = "The connection was closed by the server: ";
        var text = e.Message;
        if (text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            text = text[Prefix.Length..];
            var reason = $" ({e.DisconnectReason})";
            var end = text.LastIndexOf(reason, StringComparison.Ordinal);
            text = end > 0 ? text[..end] : text.TrimEnd('.');
        }

        return text.Length > 300 ? text[..300] : text;
    }

    private static BotLogin Denied(BotLogin login, LoginAttempt attempt, string dialled)
    {
        var methods = attempt.OfferedMethods;
        return login with
        {
            Status = "denied",
            Methods = methods,
            ReachedAuthentication = true,
            FailureLine = $"{attempt.User}@{dialled}: Permission denied ({string.Join(',', methods)}).",
        };
    }

    private static string TimedOut(LoginAttempt attempt, string dialled, int port, TimeSpan timeout)
    {
        var seconds = timeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);
        var step = attempt.ServerVersion is null ? "connecting or waiting for the server's identification"
            : attempt.Decision is null ? "in the key exchange"
            : "authenticating";
        return $"Connection to {dialled} port {port.ToString(CultureInfo.InvariantCulture)} timed out {step} (no answer within {seconds} s)";
    }
}
