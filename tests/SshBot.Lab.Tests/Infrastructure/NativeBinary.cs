namespace SshBot.Lab.Tests.Infrastructure;

/// <summary>
/// The natively compiled `sshbot` (Native AOT), the form `./sshbot` runs and the benches time.
/// infra/test.sh publishes it once and names it in SSHBOT_NATIVE_BINARY; run on their own, the
/// tests publish it themselves (a few minutes). Trimming and AOT change what runs, so the shipped
/// binary is tested against the lab, not only the JIT build the other tests load in-process.
/// </summary>
public sealed class NativeBinary : IAsyncLifetime
{
    public string Path { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable("SSHBOT_NATIVE_BINARY") is { Length: > 0 } given)
        {
            Path = File.Exists(given) ? given : throw new InvalidOperationException($"SSHBOT_NATIVE_BINARY names {given}, which does not exist.");
            return;
        }

        var output = Directory.CreateTempSubdirectory("sshbot-native-").FullName;
        var publish = await Shell.RunAsync("bash", [System.IO.Path.Combine(Repository.Root, "infra", "publish-native.sh"), output], TimeSpan.FromMinutes(20));
        if (publish.ExitCode != 0)
        {
            throw new InvalidOperationException($"publishing the native binary failed ({publish.ExitCode}): {publish.Stderr}{publish.Stdout}");
        }

        Path = System.IO.Path.Combine(output, "sshbot");
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
