using SshBot.Diagnostics.ClientLogs;

namespace SshBot.App.Explain;

/// <summary>Reads a pasted log from a file or stdin, never more than the parser would look at.</summary>
internal static class PastedText
{
    /// <summary>One character past the parser's cap, so it can say the input was cut.</summary>
    private const int Limit = 1024 * 1024 + 1;

    public static async Task<string> ReadAsync(TextReader reader, CancellationToken ct)
    {
        var buffer = new char[Limit];
        var total = 0;
        while (total < Limit)
        {
            var read = await reader.ReadAsync(buffer.AsMemory(total, Limit - total), ct);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return new string(buffer, 0, total);
    }

    /// <exception cref="InvalidDataException">The file cannot be read.</exception>
    public static async Task<string> ReadFileAsync(string path, CancellationToken ct)
    {
        try
        {
            using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
            return await ReadAsync(reader, ct);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new InvalidDataException($"cannot read {path}: {e.Message}", e);
        }
    }

    /// <summary>Reads and parses a <c>--client-log</c> file.</summary>
    /// <exception cref="InvalidDataException">The file cannot be read.</exception>
    public static async Task<ClientLogResult> ParseFileAsync(string path, CancellationToken ct) =>
        ClientLogParser.Parse(await ReadFileAsync(path, ct));
}
