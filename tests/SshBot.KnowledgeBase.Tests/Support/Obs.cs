using SshBot.Diagnostics.Observations;

namespace SshBot.KnowledgeBase.Tests.Support;

/// <summary>Builds observation dictionaries the way the engine writes them (through ObservationSet, so the contract is checked).</summary>
internal sealed class Obs
{
    private readonly ObservationSet _set = new();

    public Obs Text(string key, string value)
    {
        _set.Set(key, value);
        return this;
    }

    public Obs Number(string key, double value)
    {
        _set.Set(key, value);
        return this;
    }

    public Obs Flag(string key, bool value)
    {
        _set.Set(key, value);
        return this;
    }

    public Obs List(string key, params string[] value)
    {
        _set.Set(key, value);
        return this;
    }

    public IReadOnlyDictionary<string, ObservationValue> Build() => _set.Snapshot();
}
