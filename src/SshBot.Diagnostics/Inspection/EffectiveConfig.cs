using SshBot.Diagnostics.Observations;

namespace SshBot.Diagnostics.Inspection;

/// <summary>Reads the effective sshd settings from <c>sshd -T</c> output (lower-case "keyword value" lines).</summary>
internal static class EffectiveConfig
{
    private static readonly string[] AccessLists = ["allowusers", "allowgroups", "denyusers", "denygroups"];

    public static void Read(InspectionSection section, Dictionary<string, ObservationValue> o)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var access = new List<string>();
        foreach (var line in section.Lines)
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space <= 0)
            {
                continue;
            }

            var keyword = line[..space].ToLowerInvariant();
            var value = line[(space + 1)..].Trim();
            if (AccessLists.Contains(keyword))
            {
                access.AddRange(value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(v => $"{keyword} {v}"));
            }
            else
            {
                values.TryAdd(keyword, value);
            }
        }

        if (values.TryGetValue("maxstartups", out var maxStartups))
        {
            o["host.sshd.maxstartups"] = ObservationValue.Of(maxStartups);
        }

        Number(values, "maxsessions", "host.sshd.maxsessions", o);
        Number(values, "clientaliveinterval", "host.sshd.clientaliveinterval", o);
        Number(values, "clientalivecountmax", "host.sshd.clientalivecountmax", o);
        Flag(values, "tcpkeepalive", "host.sshd.tcpkeepalive", o);
        Flag(values, "pubkeyauthentication", "host.sshd.pubkeyauthentication", o);
        Flag(values, "passwordauthentication", "host.sshd.passwordauthentication", o);
        if (values.Count > 0)
        {
            o["host.sshd.allowusers"] = ObservationValue.Of(access);
        }
    }

    private static void Number(Dictionary<string, string> values, string keyword, string key, Dictionary<string, ObservationValue> o)
    {
        if (values.TryGetValue(keyword, out var text) && HostResources.TryNumber(text, out var number))
        {
            o[key] = ObservationValue.Of(number);
        }
    }

    private static void Flag(Dictionary<string, string> values, string keyword, string key, Dictionary<string, ObservationValue> o)
    {
        if (values.TryGetValue(keyword, out var text) && text is "yes" or "no")
        {
            o[key] = ObservationValue.Of(text == "yes");
        }
    }
}
