using System.CommandLine;
using SshBot.Diagnostics.Observations;
using SshBot.Diagnostics.Targets;

namespace SshBot.App.Diagnose;

/// <summary>
/// <c>--from ADDRESS</c> and <c>--symptom WORD</c>: what the user said, as <c>report.*</c>
/// observations the diagnosis starts with. The address is a validated IP literal (ban sets on
/// the host are checked against it); it is compared, never connected to.
/// </summary>
internal sealed class ReportedOptions
{
    /// <summary>The words <c>--symptom</c> takes, and the observation each one sets.</summary>
    public static readonly IReadOnlyDictionary<string, string> Symptoms = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["idle-drop"] = "report.idle_drop",
        ["transfer-hang"] = "report.transfer_hang",
        ["intermittent"] = "report.intermittent",
    };

    public Option<string?> From { get; } = new("--from")
    {
        Description = "The address the user connects from (an IP literal): ban sets on the host are checked against it.",
    };

    public Option<string[]> Symptom { get; } = new("--symptom")
    {
        Description = "What the user sees: idle-drop, transfer-hang or intermittent (may be repeated).",
        Arity = ArgumentArity.ZeroOrMore,
    };

    /// <summary>The observations the options give; throws <see cref="TargetFormatException"/> with one line for bad input.</summary>
    public Dictionary<string, ObservationValue> Read(ParseResult parsed)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        var reported = new Dictionary<string, ObservationValue>(StringComparer.Ordinal);
        if (parsed.GetValue(From) is { } from)
        {
            if (from.Length > 64 || !AddressParser.TryParse(from, out var address))
            {
                throw new TargetFormatException($"--from must be an IP address (where the user connects from), not '{Shown(from)}'.");
            }

            reported["report.client_address"] = ObservationValue.Of(address.ToString());
        }

        foreach (var word in parsed.GetValue(Symptom) ?? [])
        {
            reported[Symptoms.TryGetValue(word, out var key) ? key
                : throw new TargetFormatException($"--symptom must be one of {string.Join(", ", Symptoms.Keys)}, not '{Shown(word)}'.")] = ObservationValue.Of(true);
        }

        return reported;
    }

    /// <summary>Bad input quoted back safely: printable ASCII only, at most 64 characters.</summary>
    private static string Shown(string text) =>
        new(text.Take(64).Select(c => c is >= ' ' and <= '~' ? c : '?').ToArray());
}
