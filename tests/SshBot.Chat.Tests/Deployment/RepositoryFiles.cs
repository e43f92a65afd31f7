using System.Text.Json.Nodes;
using SshBot.KnowledgeBase;
using YamlDotNet.Serialization;

namespace SshBot.Chat.Tests.Deployment;

/// <summary>The repository's deployment files and README, read from the checkout the tests run in.</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = Path.GetDirectoryName(KnowledgeBaseLocator.FindFrom(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException("no kb/ above the test binaries"))!;

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    public static string Text(string relative) => File.ReadAllText(PathOf(relative));

    /// <summary>A YAML file as nested dictionaries, lists and strings.</summary>
    public static Dictionary<object, object> Yaml(string relative) =>
        new DeserializerBuilder().Build().Deserialize<Dictionary<object, object>>(Text(relative));

    public static JsonObject Json(string relative) => (JsonObject)JsonNode.Parse(Text(relative))!;

    public static object? At(this Dictionary<object, object> yaml, params string[] path)
    {
        object? node = yaml;
        foreach (var key in path)
        {
            node = node is Dictionary<object, object> map && map.TryGetValue(key, out var next) ? next : null;
        }

        return node;
    }

    public static List<string> Strings(this Dictionary<object, object> yaml, params string[] path) =>
        yaml.At(path) is List<object> list ? [.. list.Select(o => o.ToString()!)] : [];
}
