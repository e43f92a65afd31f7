namespace SshBot.Diagnostics.Probes.PathCheck;

/// <summary>
/// The path MTU check's answer. <paramref name="Status"/> is ok (full-size packets pass, or the
/// path says when they are too big), blackhole (large packets vanish with no ICMP answer
/// while small ones pass) or unavailable (the check could not run or got no echo at all).
/// </summary>
public sealed record MtuResult(string Status, int? Mtu, string Detail, int Probes)
{
    public const string Ok = "ok";
    public const string Blackhole = "blackhole";
    public const string Unavailable = "unavailable";
}
