namespace SshBot.Diagnostics.Inspection;

/// <summary>
/// One framed section of the inspection script's output: what ran, how it ended, and its
/// (bounded) output lines. <see cref="Complete"/> is false when the frame was cut off.
/// </summary>
public sealed record InspectionSection(
    string Name,
    string? Argument,
    string Status,
    string? StatusDetail,
    IReadOnlyList<string> Lines,
    int TruncatedLines,
    bool Complete)
{
    public const string Ok = "ok";
    public const string Missing = "missing";
    public const string NotPermitted = "not-permitted";
    public const string Error = "error";

    /// <summary>The status when no <c>@@status</c> line arrived (output cut off or garbled).</summary>
    public const string Incomplete = "incomplete";

    public bool IsOk => Status == Ok;

    /// <summary>Lines of the form <c>key=value</c>, by key (the first occurrence wins).</summary>
    public IReadOnlyDictionary<string, string> Pairs()
    {
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in Lines)
        {
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                pairs.TryAdd(line[..eq], line[(eq + 1)..]);
            }
        }

        return pairs;
    }
}
