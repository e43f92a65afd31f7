using System.Globalization;
using SshBot.Diagnostics.Observations;
using SshBot.Diagnostics.Seams;

namespace SshBot.Diagnostics.Probes.PathCheck;

/// <summary>
/// What the server did on the path connects once it had accepted them: how many it greeted
/// with its identification line, how many it closed or reset first, and the lines it sent
/// instead ("Exceeded MaxStartups"). A server that drops some of a handful of connections
/// while greeting the others is refusing connections by number, not failing.
/// </summary>
public sealed record GreetingTally(int Identified, int Refused, IReadOnlyList<string> Lines)
{
    public static GreetingTally From(IEnumerable<PathConnect> connects)
    {
        ArgumentNullException.ThrowIfNull(connects);
        var all = connects.ToArray();
        return new(
            all.Count(c => c.Greeting == PathGreeting.Identified),
            all.Count(c => c.Greeting == PathGreeting.Refused),
            all.Where(c => c.Greeting != PathGreeting.Identified && c.Line is not null).Select(c => c.Line!).Distinct(StringComparer.Ordinal).Take(4).ToArray());
    }

    /// <summary>True when no connect was read (a prober that only connects).</summary>
    public bool NothingRead => Identified == 0 && Refused == 0 && Lines.Count == 0;

    public void Record(ObservationSet observations)
    {
        ArgumentNullException.ThrowIfNull(observations);
        if (NothingRead)
        {
            return;
        }

        observations.Set("path.banner.received", Identified);
        observations.Set("path.banner.refused", Refused);
        observations.Set("path.banner.pre_lines", Lines);
    }

    /// <summary>", 3 closed before identifying (Exceeded MaxStartups)", or nothing when none was.</summary>
    public string Describe()
    {
        if (Refused == 0)
        {
            return string.Empty;
        }

        var lines = Lines.Count > 0 ? $" ({string.Join("; ", Lines)})" : string.Empty;
        return string.Create(CultureInfo.InvariantCulture, $", {Refused} closed by the server before it identified itself{lines}");
    }
}
