using SshBot.Diagnostics.Observations;
using SshBot.KnowledgeBase;
using SshBot.KnowledgeBase.Benchmarks;
using SshBot.KnowledgeBase.Linting;
using SshBot.KnowledgeBase.Rendering;

var realKb = args.Length > 0 ? args[0] : KnowledgeBaseLocator.FindFrom(AppContext.BaseDirectory)
    ?? throw new InvalidOperationException("kb/ not found; pass its path");
var kb = KnowledgeBaseLoader.Load(realKb).KnowledgeBase ?? throw new InvalidOperationException("kb/ does not lint clean");
Console.WriteLine($"kb: {realKb} ({kb.Articles.Count} articles)");

// A realistic diagnosis: every stage ran, the host was inspected, sshd throttles at MaxStartups.
var observations = new ObservationSet();
observations.Set("target.host", "web-01.example.internal");
observations.Set("target.port", 22);
observations.Set("target.kind", "name");
observations.Set("dns.status", "resolved");
observations.Set("dns.addresses", ["198.18.0.2"]);
observations.Set("dns.ms", 3);
observations.Set("tcp.status", "connected");
observations.Set("tcp.address", "198.18.0.2");
observations.Set("tcp.ms", 1);
observations.Set("tcp.attempts", ["198.18.0.2 connected 1ms"]);
observations.Set("ssh.banner.status", "closed-before-banner");
observations.Set("ssh.banner.pre_lines", ["Exceeded MaxStartups"]);
observations.Set("ssh.banner.ms", 2);
observations.Set("host.inspect.status", "ok");
observations.Set("host.sshd.running", true);
observations.Set("host.sshd.listening", true);
observations.Set("host.sshd.config_valid", true);
observations.Set("host.sshd.maxstartups", "10:30:100");
observations.Set("host.sshd.maxsessions", 10);
observations.Set("host.sshd.clientaliveinterval", 0);
observations.Set("host.sshd.clientalivecountmax", 3);
observations.Set("host.sshd.log", Enumerable.Range(0, 50).Select(i => $"sshd[{900 + i}]: Connection closed by 198.18.0.1 port {40000 + i} [preauth]")
    .Append("sshd[812]: drop connection #10 from [198.18.0.1]:40100 on [198.18.0.2]:22 past MaxStartups"));
observations.Set("host.firewall.rules", ["tcp dport 22 accept"]);
observations.Set("host.bans", []);
observations.Set("host.client_banned", false);
observations.Set("host.load.per_cpu", 0.8);
observations.Set("host.memory.available_pct", 40);
observations.Set("host.fd.used_pct", 2);
observations.Set("host.disk.max_used_pct", 55);
observations.Set("host.disk.full", []);
observations.Set("host.oom.kills", 0);
observations.Set("host.tcp_keepalive.time", 7200);
observations.Set("host.knock.configured", false);
var snapshot = observations.Snapshot();
Console.WriteLine($"diagnosis: {snapshot.Count} observations; verdict {kb.Match(snapshot).Verdict?.Id}");

Harness.Measure("match one diagnosis against the real kb", 20_000, 100_000, () => kb.Match(snapshot));
var frozen = snapshot.ToDictionary(StringComparer.Ordinal);
Harness.Measure("match, observations in a Dictionary", 20_000, 100_000, () => kb.Match(frozen));
var noLog = snapshot.Where(kv => kv.Key != "host.sshd.log").ToDictionary(StringComparer.Ordinal);
Harness.Measure("match, without the 51 sshd log lines", 20_000, 100_000, () => kb.Match(noLog));
var priors = new Dictionary<string, double> { ["maxstartups-throttling"] = 3 };
Harness.Measure("match with priors", 5_000, 50_000, () => kb.Match(snapshot, priors));
var slack = new SlackRenderer();
var verdict = kb.Articles["maxstartups-throttling"];
Harness.Measure("render the verdict article for Slack", 2_000, 20_000, () => slack.Render(verdict));
Harness.Measure("load the real kb (29 articles, lint included)", 20, 200, () => KnowledgeBaseLoader.Load(realKb));

var generated = GeneratedKnowledgeBase.Create(realKb, 1000);
try
{
    var loaded = KnowledgeBaseLoader.Load(generated, LintOptions.NoRequiredIds);
    Console.WriteLine($"generated: {generated} ({loaded.KnowledgeBase?.Articles.Count ?? 0} articles, {loaded.Problems.Count} problems)");
    if (!loaded.Succeeded)
    {
        throw new InvalidOperationException("generated kb does not load: " + loaded.Problems[0]);
    }

    Harness.Measure("load 1,000 generated articles (lint included)", 3, 30, () => KnowledgeBaseLoader.Load(generated, LintOptions.NoRequiredIds));
    var big = loaded.KnowledgeBase!;
    Harness.Measure("match one diagnosis against 1,000 articles", 200, 2_000, () => big.Match(snapshot));
}
finally
{
    Directory.Delete(generated, recursive: true);
}
