namespace SshBot.Diagnostics.Probes;

/// <summary>The names of the standard stages, for dependency lists.</summary>
internal static class StageNames
{
    public const string Resolve = "resolve";
    public const string Connect = "connect";
    public const string Identify = "identify";
    public const string Negotiate = "negotiate";
    public const string Authenticate = "authenticate";
    public const string Path = "path";
}
