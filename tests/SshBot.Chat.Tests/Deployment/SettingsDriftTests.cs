using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SshBot.Chat.Conversation;
using SshBot.Chat.Hosting;
using SshBot.Chat.Protection;
using SshBot.Chat.Running;
using SshBot.Chat.Slack;
using SshBot.Chat.Teams;
using SshBot.Diagnostics.SshSessions;
using SshBot.Diagnostics.Targets;
using SshBot.Incidents;

namespace SshBot.Chat.Tests.Deployment;

/// <summary>Every setting the deployment files and the README name is one `sshbot serve` reads.</summary>
public sealed partial class SettingsDriftTests
{
    private static readonly Dictionary<string, Type> BoundSections = new(StringComparer.OrdinalIgnoreCase)
    {
        [SlackOptions.SectionName] = typeof(SlackOptions),
        [TeamsOptions.SectionName] = typeof(TeamsOptions),
        ["Storage"] = typeof(IncidentStoreOptions),
        [TargetPolicyOptions.SectionName] = typeof(TargetPolicyOptions),
        [RateLimitOptions.SectionName] = typeof(RateLimitOptions),
        [HousekeepingOptions.SectionName] = typeof(HousekeepingOptions),
        [ServerLimits.SectionName] = typeof(ServerLimits),
        [SshBot.Chat.Work.WorkOptions.SectionName] = typeof(SshBot.Chat.Work.WorkOptions),
        [SshBot.Chat.Telemetry.TelemetryOptions.SectionName] = typeof(SshBot.Chat.Telemetry.TelemetryOptions),
    };

    /// <summary>Keys ChatServer reads by hand, each with a value to set and how to see it took effect.</summary>
    private static readonly Dictionary<string, (string Value, Func<IServiceProvider, bool> Took)> ReadByHand = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Kb:Directory"] = ("/probe/kb", sp => Server(sp).KbDirectory == "/probe/kb"),
        ["Audit:Path"] = ("/probe/audit.jsonl", sp => Server(sp).AuditPath == "/probe/audit.jsonl"),
        ["Audit:MaxBytes"] = ("12345", sp => Server(sp).AuditMaxBytes == 12345),
        ["Audit:Keep"] = ("7", sp => Server(sp).AuditKeep == 7),
        ["History:Scope"] = ("All", sp => sp.GetRequiredService<IOptions<ConversationOptions>>().Value.HistoryScope == HistoryScope.All),
        ["Admins"] = ("probe-admin", sp => sp.GetRequiredService<IOptions<ConversationOptions>>().Value.Admins.Contains("probe-admin")),
    };

    public static TheoryData<string> Files => new()
    {
        "infra/deploy/compose.yaml", "infra/deploy/Containerfile", "infra/deploy/sshbot.service", "infra/deploy/appsettings.example.json", "README.md",
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void EverySettingAFileNamesIsOneTheBotReads(string file)
    {
        var keys = file switch
        {
            _ when file.EndsWith(".json", StringComparison.Ordinal) => JsonKeys(RepositoryFiles.Json(file)),
            _ when file.EndsWith(".yaml", StringComparison.Ordinal) => ComposeKeys(RepositoryFiles.Yaml(file)),
            _ => EnvKeys(RepositoryFiles.Text(file)),
        };

        Assert.NotEmpty(keys);
        Assert.All(keys, key => Assert.True(IsRead(key), $"{file} names {key}, which `sshbot serve` does not read"));
    }

    [Fact]
    public void AMisspelledSettingIsCaught()
    {
        Assert.False(IsRead("Slack:SigningSecrets"));
        Assert.False(IsRead("Teams:AppPasword"));
        Assert.False(IsRead("Kb:Dir"));
        Assert.False(IsRead("Telemetry:MetricPath"));
        Assert.True(IsRead("Telemetry:MetricsAllowFrom:1"));
        Assert.True(IsRead("Targets:Allow:3"));
        Assert.False(IsRead("Ssh:IdentityFiles"));
        Assert.True(IsRead("Ssh:User"));
    }

    [Theory]
    [InlineData("Admins:0", "slack:T1:U1")]
    [InlineData("Admins", "slack:T1:U1, U2")]
    [InlineData("Admins", "")]
    public void AdminsComeAsAListOrOneCommaSeparatedValueAndEmptyOnesAreSkipped(string key, string value)
    {
        using var services = Serve(new() { [key] = value });

        var admins = services.GetRequiredService<IOptions<ConversationOptions>>().Value.Admins;

        Assert.Equal(value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries), admins);
    }

    [Fact]
    public void ASingleTenantBotTakesItsTokenFromItsTenant()
    {
        Assert.Equal("https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token", new TeamsOptions().EffectiveTokenUrl.ToString());
        Assert.Equal("https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token", new TeamsOptions { TenantId = "contoso.onmicrosoft.com" }.EffectiveTokenUrl.ToString());
        var bad = new TeamsOptionsValidator().Validate(null, new TeamsOptions { AppId = "a", AppPassword = "p", TenantId = "x/../evil" });
        Assert.Contains("Teams:TenantId", bad.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void TheTeamsAuthSettingsChooseHowTheBotGetsItsTokenAndABadCertificateStopsStartUp()
    {
        using (var services = ServeTeams(new() { ["Teams:AppId"] = "app", ["Teams:Auth"] = "managedidentity", ["Teams:ManagedIdentityClientId"] = "mi-client" }))
        {
            Assert.Equal("mi-client", services.GetRequiredService<IOptions<TeamsOptions>>().Value.ManagedIdentityClientId);
            Assert.IsType<ManagedIdentityTokenSource>(services.GetRequiredService<ITeamsTokenSource>());
        }

        using (var services = ServeTeams(new() { ["Teams:AppId"] = "app", ["Teams:AppPassword"] = "secret" }))
        {
            Assert.IsType<SecretTokenSource>(services.GetRequiredService<ITeamsTokenSource>());
        }

        using (var services = ServeTeams(new() { ["Teams:AppId"] = "app", ["Teams:Auth"] = "certificate", ["Teams:CertificatePath"] = "/nonexistent/bot.pem", ["Teams:CertificatePasswordFile"] = "/nonexistent/password" }))
        {
            var e = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<TeamsOptions>>().Value);
            Assert.Contains("Teams:CertificatePath /nonexistent/bot.pem does not exist", e.Message, StringComparison.Ordinal);
        }
    }

    /// <summary>The serve host's services with Teams, as ChatServer registers it.</summary>
    private static ServiceProvider ServeTeams(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSshBotChat(configuration, new IncidentStoreOptions());
        services.AddTeams();
        return services.BuildServiceProvider();
    }

    /// <summary>A section bound to an options class has the property; the few keys read by hand are checked by their effect.</summary>
    private static bool IsRead(string key)
    {
        var parts = key.Split(':').Where(p => !p.All(char.IsAsciiDigit)).ToArray();
        if (parts[0].Equals("Logging", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        // Zones:* and Nats:* are read by SshBot.Zones when serve starts; tests/SshBot.Zones.Tests checks those keys.
        if (parts[0].Equals("Zones", StringComparison.OrdinalIgnoreCase) || parts[0].Equals("Nats", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (parts[0].Equals("Ssh", StringComparison.OrdinalIgnoreCase))
        {
            return parts.Length == 2 && SshReads(parts[1]);
        }

        if (BoundSections.TryGetValue(parts[0], out var type))
        {
            return parts.Length == 2 && type.GetProperty(parts[1], BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase) is { } p
                && (p.CanWrite || p.PropertyType.IsGenericType);
        }

        if (!ReadByHand.TryGetValue(string.Join(":", parts), out var probe))
        {
            return false;
        }

        using var services = Serve(new() { [key] = probe.Value });
        return probe.Took(services);
    }

    /// <summary>SshSettings reads Ssh:NAME if setting it changes the options it resolves, or is refused naming it.</summary>
    private static bool SshReads(string name)
    {
        static IConfiguration Config(params (string Key, string Value)[] settings) =>
            new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build();

        var dataDirectory = Path.GetTempPath();
        var baseline = SshSettings.Resolve(Config(), dataDirectory);
        try
        {
            return SshSettings.Resolve(Config(($"Ssh:{name}", "7")), dataDirectory) != baseline;
        }
        catch (SshConfigurationException e)
        {
            return e.Message.Contains($"Ssh:{name}", StringComparison.Ordinal);
        }
    }

    private static ServerOptions Server(IServiceProvider services) => services.GetRequiredService<IOptions<ServerOptions>>().Value;

    private static ServiceProvider Serve(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSshBotChat(configuration, new IncidentStoreOptions());
        return services.BuildServiceProvider();
    }

    /// <summary>Section__Key names in a file (an environment variable's spelling of Section:Key).</summary>
    private static List<string> EnvKeys(string text) =>
        [.. EnvKey().Matches(text).Select(m => m.Value.Replace("__", ":", StringComparison.Ordinal)).Distinct()];

    /// <summary>The environment of the sshbot service in a compose file.</summary>
    private static List<string> ComposeKeys(Dictionary<object, object> compose) =>
        compose.At("services", "sshbot", "environment") is Dictionary<object, object> env
            ? [.. env.Keys.Select(k => k.ToString()!.Replace("__", ":", StringComparison.Ordinal))]
            : [];

    private static List<string> JsonKeys(JsonNode node, string prefix = "")
    {
        if (node is not JsonObject obj)
        {
            return prefix.Length == 0 ? [] : [prefix];
        }

        return [.. obj.SelectMany(kv => JsonKeys(kv.Value!, prefix.Length == 0 ? kv.Key : prefix + ":" + kv.Key))];
    }

    [GeneratedRegex(@"\b[A-Z][A-Za-z]+(?:__[A-Za-z0-9]+)+\b")]
    private static partial Regex EnvKey();
}
