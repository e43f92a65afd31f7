using System.Net;
using Renci.SshNet;
using SshBot.Diagnostics.Seams;
using SshBot.Diagnostics.Targets;

namespace SshBot.Diagnostics.SshSessions;

/// <summary>
/// Opens the bot's own SSH sessions in-process (SSH.NET): to the address the policy validated
/// only, with the bot's key or certificate only, the host key checked strictly against the bot's
/// known_hosts (or its host CA) before any authentication, no weak algorithm offered, the whole
/// login (every step of it) bounded by the caller's timeout.
/// At most <see cref="SshOptions.MaxConcurrentSessions"/> sessions are open at once; the rest wait.
/// A configured jump host is checked by the target policy like a target (for the origin of the
/// request), its key pinned like any host's, and the target is reached through a loopback
/// listener on 127.0.0.1 that lives only as long as the session.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The semaphore never allocates a wait handle; the identity is disposed with the connector's owner (the process).")]
public sealed class BotSshConnector : IBotLogins
{
    private readonly SemaphoreSlim _slots;
    private readonly BotIdentity _identity;
    private readonly HostCertificateTrust? _trust;
    private readonly TargetPolicy _policy;
    private readonly IDnsResolver _resolver;
    private readonly TimeProvider _time;
    private int _waiting;

    /// <exception cref="SshConfigurationException">The key, certificate, CA or revocation list cannot be used.</exception>
    public BotSshConnector(SshOptions options, TargetPolicy policy, IDnsResolver? resolver = null, TimeProvider? time = null)
    {
        Options = options ?? throw new ArgumentNullException(nameof(options));
        if (!options.HasIdentity)
        {
            throw new ArgumentException("The connector needs the bot's identity (Ssh:IdentityFile).", nameof(options));
        }

        _policy = policy ?? throw new ArgumentNullException(nameof(policy));
        _resolver = resolver ?? new SystemDnsResolver();
        _time = time ?? TimeProvider.System;
        _slots = new SemaphoreSlim(options.MaxConcurrentSessions);
        _identity = BotIdentity.Load(options);
        _trust = string.IsNullOrEmpty(options.HostCertificateAuthority) ? null : HostCertificateTrust.Load(options.HostCertificateAuthority, options.RevokedHostCertificates);
    }

    public SshOptions Options { get; }

    public TimeSpan ConnectTimeout => Options.ConnectTimeout;

    /// <summary>Sessions open now (each holds a place under the cap).</summary>
    public int OpenSessions => Options.MaxConcurrentSessions - _slots.CurrentCount;

    /// <summary>Logins waiting for a place under the cap.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>
    /// Logs in to <paramref name="address"/> (validated for <paramref name="target"/>) as the bot.
    /// The result's session is open only when the login was accepted; the caller disposes it.
    /// </summary>
    public async Task<LoginResult> LoginAsync(Target target, IPAddress address, RequestOrigin origin, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(address);
        Interlocked.Increment(ref _waiting);
        try
        {
            // Waiting for a place counts against the caller's cancellation, not the login's timeout.
            await _slots.WaitAsync(cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }

        var released = 0;
        void Release()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                _slots.Release();
            }
        }

        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);
            var result = await OpenAsync(target, address, origin, timeout, Release, deadline.Token, cancellationToken);
            if (result.Session is null)
            {
                Release();
            }

            return result;
        }
        catch
        {
            Release();
            throw;
        }
    }

    private async Task<LoginResult> OpenAsync(Target target, IPAddress address, RequestOrigin origin, TimeSpan timeout, Action release, CancellationToken deadline, CancellationToken caller)
    {
        var user = string.IsNullOrEmpty(Options.User) ? target.User ?? Environment.UserName : Options.User;
        IDisposable? jump = null;
        var dialHost = address.ToString();
        var dialPort = target.Port;
        if (Options.ParsedJumpHost is { } jumpTarget)
        {
            var hop = await JumpHop.OpenAsync(this, jumpTarget, address, target.Port, origin, timeout, deadline, caller);
            if (hop.Failure is { } failed)
            {
                return new LoginResult(failed, null);
            }

            (jump, dialHost, dialPort) = (hop.Hop, "127.0.0.1", hop.LocalPort);
        }

        var (login, client) = await ConnectAsync(target, user, dialHost, dialPort, address.ToString(), timeout, deadline, caller);
        if (client is null)
        {
            jump?.Dispose();
            return new LoginResult(login, null);
        }

        return new LoginResult(login, new BotSession(client, jump, release));
    }

    /// <summary>One SSH connection and login; the client comes back only when it was accepted.</summary>
    internal async Task<(BotLogin Login, SshClient? Client)> ConnectAsync(Target target, string user, string dialHost, int dialPort, string shownAddress, TimeSpan timeout, CancellationToken deadline, CancellationToken caller)
    {
        var name = KnownHostsFile.NameFor(target);
        var pinned = KnownHostsFile.Find(Options.KnownHostsFile!, name);
        var now = _time.GetUtcNow();
        // Each wait (TCP connect, identification, key exchange, authentication) may take the whole
        // login's time: a loaded host or bot is slow, not wrong, and the login as a whole is bounded
        // below, as the ssh process the login replaced was bounded by its timeout.
        using var attempt = new LoginAttempt(new HostKeyRequest(name, target.Host, pinned, _trust, now), dialHost, dialPort, user, _identity, timeout);
        var client = new SshClient(attempt.Connection);
        attempt.Attach(client);
        Exception? failure = null;
        try
        {
            // SSH.NET authenticates synchronously inside ConnectAsync; keep that off the caller's thread.
            await Task.Run(() => client.ConnectAsync(deadline), CancellationToken.None).WaitAsync(deadline);
        }
        catch (OperationCanceledException) when (caller.IsCancellationRequested)
        {
            client.Dispose();
            throw;
        }
        catch (Exception e)
        {
            failure = e;
        }

        var login = LoginFailures.Describe(attempt, failure, shownAddress, target.Port, timeout) with
        {
            UserCertificateStatus = _identity.CertificateStatus(now),
            UserCertificateValidBefore = _identity.Certificate is { } cert ? HostCertificateFacts.Show(cert.ValidBeforeUnixSeconds, true) : null,
        };
        if (failure is not null)
        {
            client.Dispose();
            return (login, null);
        }

        return (login, client);
    }

    /// <summary>The policy's decision on the jump host, on the addresses it resolves to now.</summary>
    internal async Task<(IPAddress? Address, string? Refusal)> ValidateJumpAsync(Target jump, RequestOrigin origin, CancellationToken cancellationToken)
    {
        var precheck = _policy.Precheck(jump, origin);
        if (!precheck.Allowed)
        {
            return (null, precheck.Reason);
        }

        IReadOnlyList<IPAddress> addresses;
        try
        {
            addresses = jump.Address is { } literal ? [literal] : await _resolver.ResolveAsync(jump.Host, cancellationToken);
        }
        catch (DnsResolutionException e)
        {
            return (null, $"{jump.Host} does not resolve ({e.Message})");
        }

        var decision = _policy.Evaluate(jump, addresses, origin);
        return decision.Allowed && addresses.Count > 0 ? (addresses[0], null) : (null, decision.Reason ?? "no address");
    }
}

/// <summary>A login's outcome, and the open session when it was accepted.</summary>
public sealed record LoginResult(BotLogin Login, IBotSession? Session);
