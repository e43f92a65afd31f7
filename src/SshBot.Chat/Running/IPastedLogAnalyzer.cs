using SshBot.Diagnostics.Observations;

namespace SshBot.Chat.Running;

/// <summary>
/// Turns a pasted <c>ssh -v</c> log into <c>client.*</c> observations and the host it talked to.
/// The parser is built elsewhere; until it lands the default sees nothing.
/// </summary>
public interface IPastedLogAnalyzer
{
    PastedLog Analyze(string text);
}

/// <param name="Host">The host the log connected to, when it says.</param>
/// <param name="Observations">The <c>client.*</c> observations read from the log.</param>
public sealed record PastedLog(string? Host, IReadOnlyDictionary<string, ObservationValue> Observations)
{
    public static PastedLog Empty { get; } = new(null, new Dictionary<string, ObservationValue>());
}

public sealed class NoPastedLogAnalyzer : IPastedLogAnalyzer
{
    public PastedLog Analyze(string text) => PastedLog.Empty;
}
