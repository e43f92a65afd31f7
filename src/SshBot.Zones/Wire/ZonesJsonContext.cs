using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace SshBot.Zones.Wire;

/// <summary>
/// The wire format between replicas and agents, generated at build time: no reflection, so the
/// natively compiled agent reads and writes the same bytes as the JIT server.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, Converters = [typeof(ObservationValueConverter)])]
[JsonSerializable(typeof(JobRequest))]
[JsonSerializable(typeof(JobResult))]
[JsonSerializable(typeof(StageProgress))]
[JsonSerializable(typeof(AgentHeartbeat))]
[JsonSerializable(typeof(WireDiagnosis))]
internal sealed partial class ZonesJsonContext : JsonSerializerContext;

/// <summary>Bytes to messages and back, through <see cref="ZonesJsonContext"/> only.</summary>
public static class WireJson
{
    public static byte[] Write<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Info<T>());

    /// <exception cref="JsonException">The bytes are not a <typeparamref name="T"/>.</exception>
    public static T Read<T>(ReadOnlySpan<byte> bytes) =>
        JsonSerializer.Deserialize(bytes, Info<T>()) ?? throw new JsonException($"null is not a {typeof(T).Name}.");

    private static JsonTypeInfo<T> Info<T>() =>
        (JsonTypeInfo<T>?)ZonesJsonContext.Default.GetTypeInfo(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in ZonesJsonContext.");
}
