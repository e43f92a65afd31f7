using System.Globalization;

namespace SshBot.App.Cli;

/// <summary>The configuration key each shared flag sets (<see cref="CliSettings"/>): the same keys as <c>serve</c>'s settings.</summary>
internal static class CliKeys
{
    public const string DataDirectory = "Storage:DataDirectory";
    public const string Store = "Storage:Provider";
    public const string KbDirectory = "Kb:Directory";
    public const string IdentityFile = "Ssh:IdentityFile";
    public const string User = "Ssh:User";
    public const string JumpHost = "Ssh:JumpHost";
    public const string KnownHostsFile = "Ssh:KnownHostsFile";
    public const string ConnectTimeout = "Ssh:ConnectTimeout";

    /// <summary>A path from the command line, made absolute against the working directory it was typed in.</summary>
    public static KeyValuePair<string, string?> Path(string key, string? value) =>
        new(key, string.IsNullOrWhiteSpace(value) ? null : System.IO.Path.GetFullPath(value));

    public static KeyValuePair<string, string?> Value(string key, string? value) => new(key, value);

    public static KeyValuePair<string, string?> Seconds(string key, TimeSpan? value) =>
        new(key, value?.TotalSeconds.ToString(CultureInfo.InvariantCulture));
}
