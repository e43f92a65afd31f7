using System.Diagnostics;

namespace SshBot.Chat.Tests.Support;

/// <summary>
/// A copy of the repository's kb/ in a temp folder, optionally made unwritable for this process:
/// mode 0555, and for root (whom modes do not stop) the immutable attribute as well, as a
/// read-only state directory under systemd would be.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class KbFolderCopy : IDisposable
{
    private bool _immutable;

    public KbFolderCopy()
    {
        Directory.CreateDirectory(Path);
        foreach (var file in System.IO.Directory.EnumerateFiles(RealKb.Load().Directory, "*.md"))
        {
            File.Copy(file, System.IO.Path.Combine(Path, System.IO.Path.GetFileName(file)));
        }
    }

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "sshbot-kb-" + Guid.NewGuid().ToString("N"));

    /// <summary>Adds (or overwrites) an article file, before the folder is made unwritable.</summary>
    public void Write(string id, string text) => File.WriteAllText(System.IO.Path.Combine(Path, id + ".md"), text);

    /// <summary>Makes the folder unwritable and proves it: creating a file in it must fail.</summary>
    public void MakeUnwritable()
    {
        File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        if (Environment.UserName == "root")
        {
            Run("chattr", "+i", Path);
            _immutable = true;
        }

        var probe = System.IO.Path.Combine(Path, "probe.md");
        Assert.ThrowsAny<UnauthorizedAccessException>(() => File.WriteAllText(probe, "x"));
    }

    /// <summary>Every file's name and content, to show nothing in the folder changed.</summary>
    public IReadOnlyDictionary<string, string> Contents() =>
        System.IO.Directory.EnumerateFiles(Path, "*", SearchOption.AllDirectories)
            .ToDictionary(f => System.IO.Path.GetRelativePath(Path, f), File.ReadAllText);

    public void Dispose()
    {
        if (_immutable)
        {
            Run("chattr", "-i", Path);
        }

        File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        System.IO.Directory.Delete(Path, recursive: true);
    }

    private static void Run(string program, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(program, args) { RedirectStandardError = true }) ?? throw new InvalidOperationException($"{program} did not start");
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', args)} failed: {process.StandardError.ReadToEnd()}");
    }
}
