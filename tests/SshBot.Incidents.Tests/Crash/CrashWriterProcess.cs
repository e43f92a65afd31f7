using System.Diagnostics;

namespace SshBot.Incidents.Tests.Crash;

/// <summary>Starts tests/SshBot.Incidents.CrashWriter (built alongside, same configuration) and reads its acks.</summary>
public sealed class CrashWriterProcess : IDisposable
{
    private readonly Process _process;

    private CrashWriterProcess(Process process) => _process = process;

    public static CrashWriterProcess Start(string dbFile, string keyPrefix, int? count = null)
    {
        var info = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(WriterDll());
        info.ArgumentList.Add(dbFile);
        info.ArgumentList.Add(keyPrefix);
        if (count is { } n)
        {
            info.ArgumentList.Add(n.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return new CrashWriterProcess(Process.Start(info) ?? throw new InvalidOperationException("could not start the crash writer"));
    }

    public Task<string?> ReadLineAsync(CancellationToken ct) => _process.StandardOutput.ReadLineAsync(ct).AsTask();

    public Task<string> ReadRestAsync(CancellationToken ct) => _process.StandardOutput.ReadToEndAsync(ct);

    public Task<string> ReadErrorsAsync(CancellationToken ct) => _process.StandardError.ReadToEndAsync(ct);

    /// <summary>SIGKILL: no finally blocks, no flush, no chance to tidy up.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    public async Task<int> WaitForExitAsync(CancellationToken ct)
    {
        await _process.WaitForExitAsync(ct);
        return _process.ExitCode;
    }

    public void Dispose() => _process.Dispose();

    private static string DotnetHost() => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    /// <summary>tests/SshBot.Incidents.Tests/bin/CONFIG/TFM/ → tests/SshBot.Incidents.CrashWriter/bin/CONFIG/TFM/.</summary>
    private static string WriterDll()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var tfm = here.Name;
        var configuration = here.Parent!.Name;
        var testsDir = here.Parent.Parent!.Parent!.Parent!.FullName;
        var dll = Path.Combine(testsDir, "SshBot.Incidents.CrashWriter", "bin", configuration, tfm, "SshBot.Incidents.CrashWriter.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"The crash writer was not built: {dll}", dll);
    }
}
