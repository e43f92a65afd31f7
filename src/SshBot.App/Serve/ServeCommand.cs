using System.CommandLine;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SshBot.App.Cli;
using SshBot.Chat.Hosting;

namespace SshBot.App.Serve;

/// <summary>
/// <c>sshbot serve [--urls URLS]</c>: the chat channels over HTTP (ASP.NET Core). Settings come
/// from appsettings.json in the working directory and from environment variables. The JIT build
/// serves in-process; the natively compiled <c>sshbot</c> leaves ASP.NET Core out (a third of
/// its size, ~12 ms of every start-up) and replaces itself with <c>sshbot-server</c>, published
/// beside it, with the same arguments and process id.
/// </summary>
internal static partial class ServeCommand
{
    public const string ServerProgram = "sshbot-server";

    public static Command Create(TextWriter error)
    {
        var urls = new Option<string?>("--urls") { Description = "Where to listen, e.g. http://127.0.0.1:8080 (default: ASPNETCORE_URLS or http://localhost:5000)." };
        var command = new Command("serve", "Serve Slack (webhooks or Socket Mode), Teams and health; configure with appsettings.json or Slack__*, Teams__*, Storage__*, Targets__*, Admins__*, Ssh__* variables.") { urls };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parsed, ct) =>
        {
            var args = new List<string>(parsed.UnmatchedTokens);
            if (parsed.GetValue(urls) is { } u)
            {
                args.Add("--urls");
                args.Add(u);
            }

            // A constant in the native build (false), so the compiler leaves the in-process
            // server, and ASP.NET Core with it, out of that program.
            if (RuntimeFeature.IsDynamicCodeSupported)
            {
                return await ServeHost.RunAsync([.. args], error, ct, SshBot.Zones.Hosting.ZoneServices.Configure);
            }

            return await ExecServerAsync(args, error);
        });
        return command;
    }

    /// <summary>Replaces this process with sshbot-server from the same folder; returns only when that fails.</summary>
    private static async Task<int> ExecServerAsync(List<string> args, TextWriter error)
    {
        var server = Path.Combine(AppContext.BaseDirectory, ServerProgram);
        if (!File.Exists(server))
        {
            await error.WriteLineAsync($"sshbot serve: {server} is missing; the native build publishes it beside sshbot (infra/publish-native.sh).");
            return CliHost.ExitInvalidInput;
        }

        await Console.Out.FlushAsync();
        await error.FlushAsync();
        ExecV(server, [server, .. args, null]);
        await error.WriteLineAsync($"sshbot serve: could not start {server} (errno {Marshal.GetLastPInvokeError()}).");
        return CliHost.ExitInvalidInput;
    }

    [LibraryImport("libc", EntryPoint = "execv", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int ExecV(string path, string?[] argv);
}
