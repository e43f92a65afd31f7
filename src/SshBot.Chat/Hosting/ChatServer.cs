using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SshBot.Chat.Conversation;
using SshBot.Chat.Protection;
using SshBot.Chat.Running;
using SshBot.Chat.Slack;
using SshBot.Chat.Teams;
using SshBot.Chat.Telemetry;
using SshBot.Chat.Work;
using SshBot.Diagnostics.Engine;
using SshBot.Diagnostics.Seams;
using SshBot.Diagnostics.Targets;
using SshBot.Incidents;
using SshBot.Incidents.Work;
using SshBot.Incidents.Knowledge;
using SshBot.KnowledgeBase;
using SshBot.KnowledgeBase.Reloading;

namespace SshBot.Chat.Hosting;

/// <summary>
/// <c>sshbot serve</c>: the chat channels over HTTP. Configuration comes from appsettings.json
/// and environment variables (<c>Slack__SigningSecret</c>, <c>Storage__Provider</c>,
/// <c>Targets__Allow__0</c>, <c>Admins__0</c>, ...).
/// </summary>
public static class ChatServer
{
    /// <param name="args">The host's arguments (<c>--urls</c> and other configuration).</param>
    /// <param name="configure">Runs before the app is built: tests add configuration and seams here.</param>
    /// <param name="ct">Cancels opening the incident store.</param>
    public static async Task<WebApplication> BuildAsync(string[] args, Action<WebApplicationBuilder>? configure = null, CancellationToken ct = default)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddBotLogging();
        configure?.Invoke(builder);
        builder.ApplyServerLimits();
        builder.AddBotTelemetry();
        var storage = builder.Configuration.GetSection("Storage").Get<IncidentStoreOptions>() ?? new IncidentStoreOptions();
        var store = await IncidentStoreFactory.CreateAsync(storage, ct: ct);
        try
        {
            builder.Services.AddSingleton(store);
            builder.Services.AddSshBotChat(builder.Configuration, storage);
            builder.Services.AddSlack();
            builder.Services.AddTeams();
            builder.Services.AddHealthJson();
            builder.Services.AddBotHealthChecks();
            var app = builder.Build();
            app.MapBotTelemetry();
            app.MapHealth();
            app.MapSlack();
            app.MapTeams();
            return app;
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }

    public static IServiceCollection AddSshBotChat(this IServiceCollection services, IConfiguration configuration, IncidentStoreOptions storage)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(storage);
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<TargetPolicyOptions>().BindConfiguration(TargetPolicyOptions.SectionName).ValidateOnStart();
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.SectionName)
            .Validate(o => o.PerUser > 0 && o.Window > TimeSpan.Zero, "RateLimit:PerUser and RateLimit:Window must be positive.").ValidateOnStart();
        services.AddOptions<ServerOptions>().Configure(o =>
        {
            o.KbDirectory = configuration["Kb:Directory"];
            o.AuditPath = configuration["Audit:Path"];
            o.AuditMaxBytes = configuration.GetValue("Audit:MaxBytes", o.AuditMaxBytes);
            o.AuditKeep = configuration.GetValue("Audit:Keep", o.AuditKeep);
        });
        services.AddOptions<WorkOptions>().BindConfiguration(WorkOptions.SectionName)
            .Validate(o => o.Problem() is null, "Work:* settings are out of range: every count at least 1, timeouts positive, Work:Lease at least 3 s.").ValidateOnStart();
        // The host's stop waits for the drain (Work:DrainTimeout) and a little more for the release of the rest.
        services.AddOptions<HostOptions>().Configure<IOptions<WorkOptions>>((host, work) => host.ShutdownTimeout = work.Value.DrainTimeout + TimeSpan.FromSeconds(10));
        services.AddOptions<ConversationOptions>().Configure(o =>
        {
            o.HistoryScope = configuration.GetValue("History:Scope", HistoryScope.Team);
            // Admins__0, Admins__1, ... or one comma-separated Admins; empty entries (unset variables) are skipped.
            var section = configuration.GetSection("Admins");
            var entries = section.GetChildren().Select(c => c.Value ?? "").ToList();
            IEnumerable<string> raw = entries.Count > 0 ? entries : (section.Value ?? "").Split(',');
            foreach (var admin in raw.Select(a => a.Trim()).Where(a => a.Length > 0))
            {
                o.Admins.Add(admin);
            }
        });

        services.TryAddSingleton(sp =>
        {
            var dir = sp.GetRequiredService<IOptions<ServerOptions>>().Value.KbDirectory ?? KnowledgeBaseLocator.FindDefault()
                ?? throw new InvalidOperationException("No knowledge base: set Kb:Directory (env Kb__Directory) to the kb/ folder.");
            return KnowledgeBaseStartup.Watch(dir, sp.GetRequiredService<IIncidentStore>(), sp.GetRequiredService<ILoggerFactory>().CreateLogger("SshBot.KnowledgeBase"));
        });
        services.TryAddSingleton<IKnowledgeBaseSource>(sp => new WatchedKnowledgeBase(sp.GetRequiredService<KnowledgeBaseWatcher>()));
        // Edits from chat go to the incident store, shared by every replica; kb/ itself may be read-only.
        services.TryAddSingleton<IKnowledgeBaseEditor>(sp =>
        {
            var watcher = sp.GetRequiredService<KnowledgeBaseWatcher>();
            return new StoredKnowledgeBaseEditor(watcher.Current.Directory, (IKnowledgeRevisions)sp.GetRequiredService<IIncidentStore>(), watcher.ReloadAsync);
        });
        services.TryAddSingleton<IDnsResolver, SystemDnsResolver>();
        // The bot's SSH identity (Ssh:*) is checked here, at start-up: a bad key file stops the server with one line.
        var ssh = SshSettings.Resolve(configuration, storage.ResolveDataDirectory());
        services.TryAddSingleton<IDiagnosisRunner>(sp =>
            new EngineDiagnosisRunner(StandardPlan.CreateEngine(
                new TargetPolicy(sp.GetRequiredService<IOptions<TargetPolicyOptions>>().Value),
                new DiagnosisOptions(),
                ssh: ssh,
                history: ssh.HasIdentity ? new StoredHostKeyHistory(sp.GetRequiredService<IIncidentStore>()) : null)));
        services.TryAddSingleton<IPastedLogAnalyzer, ClientLogAnalyzer>();
        services.TryAddSingleton<IAuditLog>(sp =>
        {
            var o = sp.GetRequiredService<IOptions<ServerOptions>>().Value;
            return new JsonLinesAuditLog(o.AuditPath ?? Path.Combine(storage.ResolveDataDirectory(), "audit.jsonl"), o.AuditMaxBytes, o.AuditKeep);
        });
        services.TryAddSingleton(sp =>
        {
            var targets = sp.GetRequiredService<IOptions<TargetPolicyOptions>>().Value;
            return new ConversationServices(
                sp.GetRequiredService<IIncidentStore>(),
                sp.GetRequiredService<IKnowledgeBaseSource>(),
                new DiagnosisCoordinator(sp.GetRequiredService<IDiagnosisRunner>(), sp.GetRequiredService<IOptions<WorkOptions>>().Value.MaxConcurrentDiagnoses),
                new TargetGate(new TargetPolicy(targets), targets, sp.GetRequiredService<IDnsResolver>()),
                new ChatRateLimiter(sp.GetRequiredService<IOptions<RateLimitOptions>>().Value),
                sp.GetRequiredService<IAuditLog>(),
                sp.GetRequiredService<IPastedLogAnalyzer>(),
                sp.GetRequiredService<TimeProvider>())
            {
                Editor = sp.GetRequiredService<IKnowledgeBaseEditor>(),
            };
        });
        services.TryAddSingleton(sp => new ChatConversation(
            sp.GetRequiredService<ConversationServices>(),
            sp.GetRequiredService<IOptions<ConversationOptions>>().Value,
            sp.GetRequiredService<ILogger<ChatConversation>>()));
        services.AddWork();
        services.AddOptions<HousekeepingOptions>().BindConfiguration(HousekeepingOptions.SectionName);
        services.AddSingleton(sp => new Housekeeping(
            sp.GetRequiredService<IIncidentStore>(),
            storage.Retention,
            sp.GetRequiredService<IOptions<HousekeepingOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<Housekeeping>>()));
        services.AddHostedService(sp => sp.GetRequiredService<Housekeeping>());
        return services;
    }

    /// <summary>The durable path of chat work: the inbox at the edge, the workers behind it (see <see cref="WorkRunner"/>).</summary>
    public static IServiceCollection AddWork(this IServiceCollection services)
    {
        services.TryAddSingleton(sp => sp.GetRequiredService<IIncidentStore>() as IWorkInbox
            ?? throw new InvalidOperationException("This incident store keeps no work inbox."));
        services.TryAddSingleton<WorkSignal>();
        services.TryAddSingleton<ChatInbox>();
        services.TryAddSingleton<IChatChannels, PlatformChannels>();
        services.TryAddSingleton<ChatWorkHandler>();
        services.AddSingleton<WorkRunner>();
        services.AddHostedService(sp => sp.GetRequiredService<WorkRunner>());
        return services;
    }

    public static IServiceCollection AddSlack(this IServiceCollection services)
    {
        services.AddOptions<SlackOptions>().BindConfiguration(SlackOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SlackOptions>, SlackOptionsValidator>();
        services.AddHttpClient(nameof(SlackWebApi));
        services.AddHttpClient(SlackFiles.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        services.AddSingleton<SlackWebApi>();
        services.AddSingleton<SlackDelivery>();
        services.AddHostedService<SlackSocketMode>();
        return services;
    }

    public static IServiceCollection AddTeams(this IServiceCollection services)
    {
        services.AddOptions<TeamsOptions>().BindConfiguration(TeamsOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TeamsOptions>, TeamsOptionsValidator>();
        services.AddHttpClient(nameof(TeamsTokenValidator));
        services.TryAddSingleton(sp => new TeamsTokenValidator(
            sp.GetRequiredService<IOptions<TeamsOptions>>(), sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(TeamsTokenValidator))));
        services.AddHttpClient(nameof(BotConnectorClient));
        services.AddHttpClient(MsalHttpClients.Name);
        services.TryAddSingleton<Microsoft.Identity.Client.IMsalHttpClientFactory, MsalHttpClients>();
        services.TryAddSingleton<ITeamsTokenSource>(TeamsAuth.Create);
        services.TryAddSingleton<BotConnectorClient>();
        return services;
    }
}
