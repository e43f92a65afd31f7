using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using SshBot.Chat.Conversation;
using SshBot.Chat.Hosting;
using SshBot.Chat.Protection;

namespace SshBot.Chat;

/// <summary>
/// Serialisation code for everything the chat side writes or reads as JSON, generated at build time so
/// that it also works in a Native AOT build (no reflection). Web defaults, as <c>JsonContent</c> and
/// ASP.NET Core use. Observation values are typed <c>object</c>, so their runtime types are listed too.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(JsonObject))]
[JsonSerializable(typeof(AuditRecord))]
[JsonSerializable(typeof(HealthBody))]
[JsonSerializable(typeof(SshBot.Chat.Work.ChatWork))]
[JsonSerializable(typeof(ChatFindingJson[]))]
[JsonSerializable(typeof(Dictionary<string, object>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
internal sealed partial class ChatJsonContext : JsonSerializerContext;
