using System.CommandLine;
using System.Net;
using SshBot.App.Cli;

namespace SshBot.App.Health;

/// <summary>
/// <c>sshbot health [--url URL]</c>: asks a <c>sshbot serve</c> on this machine whether it is ready
/// (GET /health/ready) and exits 0 when it is, 1 when it is not or does not answer within 5 s. It is
/// the container's HEALTHCHECK, so the image needs no curl; it only asks loopback addresses.
/// </summary>
internal static class HealthCommand
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static Command Create(TextWriter output, TextWriter error)
    {
        var url = new Option<string?>("--url") { Description = "What to ask (a loopback http URL). Default: /health/ready on the port of the first ASPNETCORE_URLS entry, else http://127.0.0.1:5000." };
        var command = new Command("health", "Exit 0 if the local `sshbot serve` answers /health/ready with 200, 1 if not (for container HEALTHCHECKs and scripts).") { url };
        command.SetAction(async (parsed, ct) =>
        {
            var target = Target(parsed.GetValue(url), Environment.GetEnvironmentVariable("ASPNETCORE_URLS"));
            if (target is null)
            {
                await error.WriteLineAsync("sshbot health: --url must be an http URL on a loopback address (127.0.0.1, [::1] or localhost).");
                return CliHost.ExitInvalidInput;
            }

            using var http = new HttpClient { Timeout = Timeout };
            try
            {
                using var response = await http.GetAsync(target, ct);
                var body = await response.Content.ReadAsStringAsync(ct);
                await output.WriteLineAsync($"{(int)response.StatusCode} {target} {body}");
                return response.StatusCode == HttpStatusCode.OK ? CliHost.ExitOk : CliHost.ExitFailure;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                await error.WriteLineAsync($"sshbot health: {target} did not answer: {e.Message}");
                return CliHost.ExitFailure;
            }
        });
        return command;
    }

    /// <summary>The URL to ask: the one given, else /health/ready on the port serve listens on; null when it is not a loopback http URL.</summary>
    internal static Uri? Target(string? given, string? aspnetcoreUrls)
    {
        if (given is not null)
        {
            return Uri.TryCreate(given, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttp && IsLoopback(uri.Host) ? uri : null;
        }

        var first = aspnetcoreUrls?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        var port = 5000;
        if (first is not null)
        {
            // http://+:8080, http://*:8080, http://0.0.0.0:8080: the host part is not a name Uri parses, the port is what counts.
            var colon = first.LastIndexOf(':');
            if (colon < 0 || !int.TryParse(first.AsSpan(colon + 1).TrimEnd('/'), System.Globalization.CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)
            {
                return null;
            }
        }

        return new Uri($"http://127.0.0.1:{port}/health/ready");
    }

    private static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
