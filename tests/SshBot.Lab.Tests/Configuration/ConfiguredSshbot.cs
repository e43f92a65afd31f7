using System.Diagnostics;
using SshBot.Lab.Tests.Infrastructure;

namespace SshBot.Lab.Tests.Configuration;

/// <summary>
/// The real `sshbot` program (the JIT build beside the tests) started in a working directory of
/// its own, with an appsettings.json and an environment of the test's choosing. The settings the
/// test runner itself may carry (SSHBOT_*, Storage__*, Ssh__*, ...) are removed first, so each
/// run sees only its own layers.
/// </summary>
public sealed class ConfiguredSshbot : IDisposable
{
    private static readonly string[] InheritedPrefixes = ["SSHBOT_", "Storage__", "Ssh__", "Targets__", "Kb__", "Audit__", "Logging__", "XDG_DATA_HOME"];

    public ConfiguredSshbot()
    {
        Root = Directory.CreateTempSubdirectory("sshbot-config-tests-").FullName;
        WorkingDirectory = Directory.CreateDirectory(Path.Combine(Root, "cwd")).FullName;
    }

    /// <summary>Everything the test creates lives under here.</summary>
    public string Root { get; }

    /// <summary>Where the program runs, and where its appsettings.json is.</summary>
    public string WorkingDirectory { get; }

    /// <summary>The repository's knowledge base, so diagnoses can be recorded.</summary>
    public static string Kb => Path.Combine(Repository.Root, "kb");

    public string PathOf(string name) => Path.Combine(Root, name);

    public void WriteAppsettings(string json) => File.WriteAllText(Path.Combine(WorkingDirectory, "appsettings.json"), json);

    /// <summary>A fresh, readable ed25519 key (no passphrase) under <see cref="Root"/>.</summary>
    public async Task<string> NewKeyAsync()
    {
        var key = PathOf("id_ed25519");
        var result = await Shell.RunAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", key], TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.Equal(0, result.ExitCode);
        return key;
    }

    /// <summary>Runs the program to its end (90 s at most).</summary>
    public async Task<Sshbot.Run> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && Path.IsPathFullyQualified(host) ? host : "/usr/bin/dotnet";
        var info = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = WorkingDirectory,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "sshbot.dll"));
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        foreach (var name in info.Environment.Keys.Where(k => InheritedPrefixes.Any(p => k.StartsWith(p, StringComparison.Ordinal))).ToList())
        {
            info.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start sshbot");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new Sshbot.Run(process.ExitCode, await stdout, await stderr);
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
