using System.CommandLine;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SshBot.App.Cli;
using SshBot.Chat.Hosting;
using SshBot.Incidents;

namespace SshBot.App.Serve;

/// <summary>
/// <c>sshbot serve [--urls URLS]</c>: the chat channels over HTTP (ASP.NET Core). Settings come
/// from appsettings.json in the working directory and from environment variables.
/// </summary>
internal static class ServeCommand
{
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

            try
            {
                await using var app = await ChatServer.BuildAsync([.. args], ct: ct);
                await app.StartAsync(ct);
                await app.WaitForShutdownAsync(ct);
                return CliHost.ExitOk;
            }
            catch (Exception e) when (e is OptionsValidationException or IncidentStoreException or InvalidOperationException or SshBot.Diagnostics.OpenSsh.OpenSshConfigurationException)
            {
                await error.WriteLineAsync($"sshbot serve: {e.Message}");
                return CliHost.ExitInvalidInput;
            }
        });
        return command;
    }
}
