using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Console;

namespace SshBot.Chat.Hosting;

/// <summary>
/// Runs the chat server until it is stopped: what <c>sshbot serve</c> does, in the JIT build
/// in-process and in the native build as the separate <c>sshbot-server</c> program.
/// </summary>
public static class ServeHost
{
    public const int ExitOk = 0;
    public const int ExitFailure = 1;
    public const int ExitInvalidInput = 2;

    /// <summary>
    /// Serves until shutdown (SIGTERM, Ctrl+C or <paramref name="ct"/>). Arguments are ASP.NET Core's
    /// command-line configuration (e.g. <c>--urls</c>). A start that fails is one line on
    /// <paramref name="error"/> (<see cref="StartupErrors"/>): exit status 2 for a configuration the
    /// server refuses, 1 otherwise.
    /// </summary>
    /// <remarks><paramref name="configure"/> runs before the chat services are added: zones register their runner there.</remarks>
    public static async Task<int> RunAsync(string[] args, TextWriter error, CancellationToken ct, Action<Microsoft.AspNetCore.Builder.WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(error);
        var startup = new StartupErrors();
        try
        {
            await using var app = await ChatServer.BuildAsync(args, builder => { startup.Configure(builder); UnderSystemd(builder.Services); configure?.Invoke(builder); }, ct);
            await app.StartAsync(ct);
            startup.Started();
            await app.WaitForShutdownAsync(ct);
            return ExitOk;
        }
        catch (Exception e) when (!(e is OperationCanceledException && ct.IsCancellationRequested))
        {
            return await startup.ReportAsync(e, error);
        }
    }

    /// <summary>
    /// Under systemd (Type=notify) the server says READY once it listens and STOPPING when it
    /// stops, so `systemctl start` waits for start-up and reports a failed one. Elsewhere nothing
    /// changes. Log lines stay JSON in the journal, as in a container, for the same log shippers.
    /// </summary>
    private static void UnderSystemd(IServiceCollection services)
    {
        services.AddSystemd();
        services.PostConfigure<ConsoleLoggerOptions>(o =>
        {
            if (o.FormatterName == ConsoleFormatterNames.Systemd)
            {
                o.FormatterName = ConsoleFormatterNames.Json;
            }
        });
    }
}
