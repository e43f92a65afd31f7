namespace SshBot.Lab.Tests.Infrastructure;

/// <summary>
/// The real `sshbot` program (the JIT build the tests load, run as its own process) with an
/// environment of its own: configuration through Ssh__* variables, a PATH of the test's choosing.
/// </summary>
public static class SshbotProcess
{
    public static async Task<Sshbot.Run> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "/usr/bin/dotnet";
        if (!Path.IsPathFullyQualified(dotnet))
        {
            dotnet = "/usr/bin/dotnet";
        }

        var dll = Path.Combine(AppContext.BaseDirectory, "sshbot.dll");
        var env = new Dictionary<string, string>(environment) { ["SSHBOT_DATA_DIR"] = Sshbot.DataDirectory };
        var result = await Shell.RunAsync(dotnet, [dll, .. args], TimeSpan.FromSeconds(90), null, env, TestContext.Current.CancellationToken);
        return new Sshbot.Run(result.ExitCode, result.Stdout, result.Stderr);
    }
}
