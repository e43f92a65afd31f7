using System.Security.Cryptography;

namespace SshBot.Diagnostics.Inspection;

/// <summary>
/// The fixed, read-only on-host inspection script (inspect.sh, embedded in this assembly).
/// It is sent unchanged on the stdin of <c>/bin/sh -s</c>: nothing from a request is ever
/// added to it, and it takes no arguments. Its output is read by <see cref="InspectionParser"/>.
/// </summary>
public static class InspectionScript
{
    private const string ResourceName = "SshBot.Diagnostics.Inspection.inspect.sh";

    private static readonly Lazy<string> Loaded = new(Load);

    /// <summary>The script text, exactly as shipped.</summary>
    public static string Text => Loaded.Value;

    /// <summary>The SHA-256 of the script, hex, so a report can say which script ran.</summary>
    public static string Sha256 => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Text)));

    private static string Load()
    {
        using var stream = typeof(InspectionScript).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
