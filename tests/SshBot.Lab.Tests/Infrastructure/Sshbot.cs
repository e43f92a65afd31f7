using System.Text.Json;
using SshBot.App.Cli;

namespace SshBot.Lab.Tests.Infrastructure;

/// <summary>Runs the real `sshbot` command tree in-process, as a user would from a terminal.</summary>
public static class Sshbot
{
    /// <summary>Incidents recorded by the tests go to a folder of their own, never the user's data directory.</summary>
    public static string DataDirectory { get; } = CreateDataDirectory();

    private static string CreateDataDirectory()
    {
        var dir = Directory.CreateTempSubdirectory("sshbot-lab-tests-").FullName;
        Environment.SetEnvironmentVariable("SSHBOT_DATA_DIR", dir);
        return dir;
    }

    public sealed record Run(int ExitCode, string Stdout, string Stderr)
    {
        public JsonElement Json => JsonDocument.Parse(Stdout).RootElement;

        public string Observation(string key) => Json.GetProperty("observations").GetProperty(key).ToString();

        public string? Verdict => Json.GetProperty("verdict") is { ValueKind: JsonValueKind.Object } v ? v.GetProperty("id").GetString() : null;
    }

    public static async Task<Run> RunAsync(params string[] args)
    {
        _ = DataDirectory;
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CliHost.RunAsync(args, stdout, stderr);
        return new Run(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The real binary, started in a lab namespace (its own resolv.conf points at the lab DNS).</summary>
    public static async Task<Run> RunInNamespaceAsync(string netns, params string[] args)
    {
        _ = DataDirectory;
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var dll = Path.Combine(AppContext.BaseDirectory, "sshbot.dll");
        var result = await Shell.RunAsync("ip", ["netns", "exec", netns, dotnet, dll, .. args], TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        return new Run(result.ExitCode, result.Stdout, result.Stderr);
    }
}
