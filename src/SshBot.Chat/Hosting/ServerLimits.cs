using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace SshBot.Chat.Hosting;

/// <summary>
/// The limits on what an unauthenticated peer can hold on the server (section <c>Server</c>,
/// env <c>Server__BodyReadTimeout</c> etc.). The webhooks are public: whoever can reach the
/// port can open connections and send slow bodies, so connections, header time, body rate,
/// body size, the time a body may take and the number of bodies read at once are all bounded,
/// here and nowhere else.
/// </summary>
public sealed class ServerLimits
{
    public const string SectionName = "Server";

    /// <summary>Open connections at once; Kestrel closes any past this at once.</summary>
    public long MaxConcurrentConnections { get; set; } = 1000;

    /// <summary>How long the request line and headers may take to arrive.</summary>
    public TimeSpan RequestHeadersTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long an idle kept-alive connection stays open.</summary>
    public TimeSpan KeepAliveTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The slowest body Kestrel tolerates, after <see cref="MinBodyRateGrace"/>.</summary>
    public double MinBodyBytesPerSecond { get; set; } = 1024;

    public TimeSpan MinBodyRateGrace { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The largest body Kestrel accepts at all; each webhook has its own smaller limit.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>A whole body must arrive within this, or the request is answered 408 and the connection closed.</summary>
    public TimeSpan BodyReadTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Bodies read at once before they are authenticated (a Slack body is verified only once it
    /// is whole). With the default 1 MiB body limit, 16 bound the memory slow bodies can hold to
    /// 16 MiB; a request past this gets 503 and is not read.
    /// </summary>
    public int MaxConcurrentBodyReads { get; set; } = 16;

    internal string? Problem() =>
        MaxConcurrentConnections < 1 || MaxConcurrentBodyReads < 1 || MaxRequestBodyBytes < 1 || MinBodyBytesPerSecond <= 0
            ? "Server:MaxConcurrentConnections, Server:MaxConcurrentBodyReads, Server:MaxRequestBodyBytes and Server:MinBodyBytesPerSecond must be positive."
            : RequestHeadersTimeout <= TimeSpan.Zero || KeepAliveTimeout <= TimeSpan.Zero || BodyReadTimeout <= TimeSpan.Zero || MinBodyRateGrace <= TimeSpan.Zero
                ? "Server:RequestHeadersTimeout, Server:KeepAliveTimeout, Server:BodyReadTimeout and Server:MinBodyRateGrace must be positive."
                : null;
}

/// <summary>Applies <see cref="ServerLimits"/> to Kestrel and registers the body-read gate.</summary>
public static class ServerLimitsExtensions
{
    /// <summary>Reads section <c>Server</c> once and sets every Kestrel limit from it; a bad value stops start-up.</summary>
    public static WebApplicationBuilder ApplyServerLimits(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var limits = builder.Configuration.GetSection(ServerLimits.SectionName).Get<ServerLimits>() ?? new ServerLimits();
        if (limits.Problem() is { } problem)
        {
            throw new InvalidOperationException(problem);
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            var k = kestrel.Limits;
            k.MaxConcurrentConnections = limits.MaxConcurrentConnections;
            k.MaxConcurrentUpgradedConnections = limits.MaxConcurrentConnections;
            k.RequestHeadersTimeout = limits.RequestHeadersTimeout;
            k.KeepAliveTimeout = limits.KeepAliveTimeout;
            k.MinRequestBodyDataRate = new MinDataRate(limits.MinBodyBytesPerSecond, limits.MinBodyRateGrace);
            k.MaxRequestBodySize = limits.MaxRequestBodyBytes;
            // What Kestrel reads ahead of the app per connection: small, so an unread body costs little.
            k.MaxRequestBufferSize = 32 * 1024;
            k.MaxRequestHeadersTotalSize = 16 * 1024;
            k.MaxRequestLineSize = 8 * 1024;
            k.Http2.MaxStreamsPerConnection = 16;
        });
        builder.Services.AddSingleton(new BodyReadGate(limits));
        return builder;
    }
}

/// <summary>How many unauthenticated bodies are being read at once, and for how long each may take.</summary>
public sealed class BodyReadGate(ServerLimits limits) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(limits.MaxConcurrentBodyReads, limits.MaxConcurrentBodyReads);

    public TimeSpan Timeout => limits.BodyReadTimeout;

    /// <summary>A slot, or false at once when every slot is taken (no queue: a queue is memory too).</summary>
    public bool TryEnter() => _slots.Wait(0);

    public void Exit() => _slots.Release();

    public void Dispose() => _slots.Dispose();
}
