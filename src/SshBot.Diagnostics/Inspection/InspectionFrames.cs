namespace SshBot.Diagnostics.Inspection;

/// <summary>
/// Splits the inspection script's output into its framed sections. Never throws: lines
/// outside a frame are ignored, a frame cut off by a truncated transcript is kept as
/// <see cref="InspectionSection.Incomplete"/>, and a new <c>@@section</c> closes an unclosed one.
/// </summary>
public static class InspectionFrames
{
    /// <summary>The most lines one section may hold here, whatever the transcript says.</summary>
    public const int MaxLinesPerSection = 2000;

    public static IReadOnlyList<InspectionSection> Parse(string? output)
    {
        var sections = new List<InspectionSection>();
        if (string.IsNullOrEmpty(output))
        {
            return sections;
        }

        string? name = null;
        string? argument = null;
        string? status = null;
        string? detail = null;
        var truncated = 0;
        var lines = new List<string>();

        foreach (var raw in output.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.StartsWith("@@section ", StringComparison.Ordinal))
            {
                Close(complete: false);
                var rest = line["@@section ".Length..].Trim();
                var space = rest.IndexOf(' ', StringComparison.Ordinal);
                name = space < 0 ? rest : rest[..space];
                argument = space < 0 ? null : rest[(space + 1)..].Trim();
                if (name.Length == 0)
                {
                    name = null;
                }
            }
            else if (name is null)
            {
                continue;
            }
            else if (line == "@@end")
            {
                Close(complete: status is not null);
            }
            else if (line.StartsWith("@@status ", StringComparison.Ordinal))
            {
                var rest = line["@@status ".Length..].Trim();
                var space = rest.IndexOf(' ', StringComparison.Ordinal);
                status = space < 0 ? rest : rest[..space];
                detail = space < 0 ? null : rest[(space + 1)..];
            }
            else if (line.StartsWith("@@truncated ", StringComparison.Ordinal))
            {
                _ = int.TryParse(line.AsSpan("@@truncated ".Length), out truncated);
            }
            else if (line.StartsWith("@@", StringComparison.Ordinal))
            {
                // A marker this reader does not know: not output, not an error.
            }
            else if (lines.Count < MaxLinesPerSection)
            {
                // The script sends output lines that would start with @@ with one leading space.
                lines.Add(line.StartsWith(" @@", StringComparison.Ordinal) ? line[1..] : line);
            }
        }

        Close(complete: false);
        return sections;

        void Close(bool complete)
        {
            if (name is not null)
            {
                var known = status is InspectionSection.Ok or InspectionSection.Missing or InspectionSection.NotPermitted or InspectionSection.Error;
                sections.Add(new InspectionSection(name, argument, complete && known ? status! : InspectionSection.Incomplete, detail, lines.ToArray(), truncated, complete && known));
            }

            name = null;
            argument = null;
            status = null;
            detail = null;
            truncated = 0;
            lines.Clear();
        }
    }
}
