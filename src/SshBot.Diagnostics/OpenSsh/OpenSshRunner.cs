using System.Net;
using SshBot.Diagnostics.Seams;
using SshBot.Diagnostics.Targets;

namespace SshBot.Diagnostics.OpenSsh;

/// <summary>
/// Runs OpenSSH's <c>ssh</c> as the bot: the argument list from <see cref="OpenSshCommand"/>,
/// through the <see cref="IProcessRunner"/> seam, with a timeout that kills the process tree.
/// The authenticate stage runs <see cref="RemoteCommand.None"/>; the inspection runs
/// <see cref="RemoteCommand.Shell"/> with its fixed script on stdin.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The semaphore never allocates a wait handle (AvailableWaitHandle is not used), so there is nothing to dispose; the runner lives as long as the engine.")]
public sealed class OpenSshRunner
{
    private readonly IProcessRunner _processes;
    private readonly SemaphoreSlim _slots;
    private readonly Lazy<string> _configFile;

    public OpenSshRunner(OpenSshOptions options, IProcessRunner? processes = null)
    {
        Options = options ?? throw new ArgumentNullException(nameof(options));
        if (!options.HasIdentity)
        {
            throw new ArgumentException("The runner needs the bot's identity (Ssh:IdentityFile).", nameof(options));
        }

        _processes = processes ?? new ProcessRunner();
        _slots = new SemaphoreSlim(Math.Max(1, options.MaxConcurrentRuns));
        _configFile = new Lazy<string>(WriteConfigFile, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public OpenSshOptions Options { get; }

    /// <summary>Runs ssh against the target's host (its literal address, or its name).</summary>
    public Task<OpenSshResult> RunAsync(Target target, RemoteCommand command, string? stdin, TimeSpan timeout, CancellationToken cancellationToken) =>
        RunAsync(target, address: null, command, stdin, timeout, cancellationToken);

    /// <summary>
    /// Runs ssh against <paramref name="address"/>, the address the policy validated for the
    /// target, checking the host key under the target's name.
    /// </summary>
    public async Task<OpenSshResult> RunAsync(Target target, IPAddress? address, RemoteCommand command, string? stdin, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var config = Options.ParsedJumpHost is null ? OpenSshCommand.NoConfigFile : _configFile.Value;
        var arguments = OpenSshCommand.Build(Options, target, command, address, config);
        // Waiting for a slot counts against the caller's cancellation, not against ssh's own timeout.
        await _slots.WaitAsync(cancellationToken);
        try
        {
            var result = await _processes.RunAsync(new ProcessRequest(Options.SshPath, arguments, stdin, timeout), cancellationToken);
            return new OpenSshResult(result.ExitCode, result.Stdout, result.Stderr, result.TimedOut, result.Elapsed);
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <summary>The ssh_config for jump-host runs goes next to the bot's known_hosts, readable by the bot only.</summary>
    private string WriteConfigFile()
    {
        var path = Options.KnownHostsFile + ".ssh_config";
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + "." + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".tmp";
        var file = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            file.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(temp, System.Text.Encoding.ASCII, file))
        {
            writer.Write(OpenSshCommand.ConfigText(Options));
        }

        File.Move(temp, path, overwrite: true);
        return path;
    }
}
