using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NATS.Client.Core;
using SshBot.Zones.Configuration;

namespace SshBot.Zones.Messaging;

/// <summary>Opens the NATS connection <see cref="NatsSettings"/> describe: URL, credentials, TLS.</summary>
public static class NatsConnector
{
    /// <summary>
    /// <paramref name="name"/> is how the connection shows in the server's monitoring
    /// (<c>sshbot-agent dc1 host-1</c>); <paramref name="inboxPrefix"/>, for agents, the zone's own
    /// inbox prefix, the only one its NATS user may subscribe to.
    /// </summary>
    public static NatsOpts Options(NatsSettings settings, string name, string? inboxPrefix = null, ILoggerFactory? logs = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var tls = settings.Tls;
        return NatsOpts.Default with
        {
            Url = settings.Url,
            Name = name,
            InboxPrefix = inboxPrefix ?? NatsOpts.Default.InboxPrefix,
            LoggerFactory = logs ?? NullLoggerFactory.Instance,
            AuthOpts = NatsAuthOpts.Default with
            {
                Username = settings.User,
                Password = settings.Password,
                Token = settings.Token,
                CredsFile = settings.CredsFile,
                NKeyFile = settings.NKeyFile,
            },
            TlsOpts = NatsTlsOpts.Default with
            {
                Mode = tls.Mode switch
                {
                    "require" => TlsMode.Require,
                    "implicit" => TlsMode.Implicit,
                    "disable" => TlsMode.Disable,
                    "prefer" => TlsMode.Prefer,
                    _ => TlsMode.Auto,
                },
                CaFile = tls.CaFile,
                CertFile = tls.CertFile,
                KeyFile = tls.KeyFile,
            },
            // Keep trying while NATS restarts: jobs and results are in JetStream, not in the connection.
            MaxReconnectRetry = -1,
            RetryOnInitialConnect = true,
        };
    }

    public static NatsConnection Connect(NatsSettings settings, string name, string? inboxPrefix = null, ILoggerFactory? logs = null) =>
        new(Options(settings, name, inboxPrefix, logs));
}
