using SshBot.Diagnostics.Observations;

namespace SshBot.Diagnostics.ClientLogs;

/// <summary>What <see cref="ClientLogParser"/> has learnt so far from the lines it read.</summary>
internal sealed class ParseState
{
    private readonly Dictionary<string, List<string>> _evidence = new(StringComparer.Ordinal);
    private readonly List<string> _tried = [];
    private readonly Dictionary<string, List<string>> _linesByError = new(StringComparer.Ordinal);
    private FailureRule? _strong;
    private LogText.Line? _strongLine;
    private ClientStage _strongProgress;
    private FailureRule? _weak;
    private LogText.Line? _weakLine;
    private int _weakRank = int.MaxValue;
    private string? _host;
    private bool _hostWeak;

    public ObservationSet Observations { get; } = new();

    public List<string> Notes { get; } = [];

    public ClientStage Progress { get; private set; }

    public bool InServerProposal { get; set; }

    public bool HasClientVersion => Observations.ContainsKey("client.version");

    public string? Product { get; set; }

    public string? ProductLine { get; set; }

    public bool SawCommandLine { get; private set; }

    /// <summary>The command the user ran: its host counts less than what ssh itself printed.</summary>
    public void CommandLine(CommandLineReader.Destination destination, string line)
    {
        SawCommandLine = true;
        if (destination.Host is { } host)
        {
            SetHost(host, line, weak: true);
        }

        if (destination.Port is { } port)
        {
            SetPort(port.ToString(System.Globalization.CultureInfo.InvariantCulture), line);
        }

        if (destination.User is { } user)
        {
            SetUser(user, line);
        }
    }

    public void Advance(string text)
    {
        foreach (var (marker, stage) in ProgressMarkers.All)
        {
            if (stage > Progress && text.Contains(marker, StringComparison.OrdinalIgnoreCase))
            {
                Progress = stage;
            }
        }
    }

    public void Set(string key, string value, string line) => Record(key, ObservationValue.Of(value), line);

    public void Set(string key, IEnumerable<string> value, string line) => Record(key, ObservationValue.Of(value), line);

    private void Record(string key, ObservationValue value, string line)
    {
        Observations.Set(key, value);
        if (!_evidence.TryGetValue(key, out var lines))
        {
            _evidence[key] = lines = [];
        }

        if (!lines.Contains(line) && lines.Count < 5)
        {
            lines.Add(line);
        }
    }

    public void SetClient(string product, string version, string line)
    {
        Product = product;
        ProductLine = line;
        Set("client.version", version, line);
    }

    public void SetHost(string host, string line, bool weak = false)
    {
        if (_host is not null && (weak || !_hostWeak))
        {
            return;
        }

        host = host.Trim('[', ']', '"', '\'', '.', ',');
        if (IsRedacted(host))
        {
            if (!Notes.Contains("the host name was redacted"))
            {
                Notes.Add("the host name was redacted");
            }

            return;
        }

        _host = host;
        _hostWeak = weak;
        Set("client.host", host, line);
    }

    public void SetPort(string port, string line)
    {
        if (!Observations.ContainsKey("client.port") && ClientLogParser.ParsePort(port) is { } p)
        {
            Record("client.port", ObservationValue.Of(p), line);
        }
    }

    public void SetUser(string user, string line)
    {
        if (!Observations.ContainsKey("client.user") && user.Length > 0 && !IsRedacted(user))
        {
            Set("client.user", user, line);
        }
    }

    public void Tried(string method, string line)
    {
        if (!_tried.Contains(method))
        {
            _tried.Add(method);
        }

        Set("client.auth.methods_tried", _tried, line);
    }

    public void Fail(FailureRule rule, LogText.Line line)
    {
        if (!_linesByError.TryGetValue(rule.Error, out var same))
        {
            _linesByError[rule.Error] = same = [];
        }

        if (same.Count < 5 && !same.Contains(line.Text))
        {
            same.Add(line.Text);
        }

        if (line.Text.Contains("authentication_socket", StringComparison.Ordinal) || line.Text.Contains("get_agent_identities", StringComparison.Ordinal))
        {
            // "get_agent_identities: ssh_get_authentication_socket: Connection refused" is about
            // the local key agent, not the server.
            return;
        }

        if (rule.Strong)
        {
            _strong = rule;
            _strongLine = line;
            _strongProgress = Progress;
            return;
        }

        var rank = Array.IndexOf(FailureRules.All, rule);
        if (rank <= _weakRank)
        {
            _weak = rule;
            _weakLine = line;
            _weakRank = rank;
        }
    }

    public ClientLogResult Finish()
    {
        if (Product is not null)
        {
            Set("client.product", Product, ProductLine ?? "");
        }

        if (_strong is not null && _strongLine!.Text.StartsWith("debug", StringComparison.Ordinal) && Progress > _strongProgress)
        {
            // A debug-level failure the client got past: one address of several failed, the next connected.
            _strong = null;
        }

        var (rule, line, progress) = _strong is not null ? (_strong, _strongLine!, _strongProgress) : (_weak, _weakLine, Progress);
        if (rule is not null && line is not null)
        {
            Classify(rule, line, progress);
        }
        else if (Progress > ClientStage.None)
        {
            Set("client.stage", StageName(Progress), "");
        }

        var evidence = _evidence.Where(kv => kv.Value.Any(l => l.Length > 0))
            .ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)kv.Value.Where(l => l.Length > 0).ToArray(), StringComparer.Ordinal);
        return new ClientLogResult(Observations, evidence, Notes);
    }

    private void Classify(FailureRule rule, LogText.Line line, ClientStage progress)
    {
        var error = rule.Error;
        var stage = rule.Stage ?? error switch
        {
            "connection-reset" or "closed-by-remote" => Max(progress, ClientStage.Banner),
            "connection-timed-out" => Max(progress, ClientStage.Connect),
            _ => Max(progress, ClientStage.Connect),
        };

        // The same words mean a different failure once a session was running.
        if (stage == ClientStage.Session)
        {
            if (error == "connection-timed-out")
            {
                error = "keepalive-timeout";
            }
            else if (line.Text.Contains("Software caused connection abort", StringComparison.OrdinalIgnoreCase))
            {
                error = "broken-pipe";
            }
        }

        Set("client.error", error, line.Text);
        foreach (var other in _linesByError.GetValueOrDefault(rule.Error) ?? [])
        {
            if (!_evidence["client.error"].Contains(other))
            {
                _evidence["client.error"].Add(other);
            }
        }

        Set("client.failure_line", line.Text, line.Text);
        Set("client.stage", StageName(stage), line.Text);
        if (stage == ClientStage.Session && error is "broken-pipe" or "keepalive-timeout")
        {
            // A session that dies on a write or a keepalive, not on a command: what an idle
            // session forgotten by a NAT or firewall looks like from the client.
            Record("client.idle_drop", ObservationValue.Of(true), line.Text);
        }
    }

    private static ClientStage Max(ClientStage a, ClientStage b) => a > b ? a : b;

    private static string StageName(ClientStage stage) => stage.ToString().ToLowerInvariant();

    private static bool IsRedacted(string value) =>
        value.Length == 0
        || value.Contains('<', StringComparison.Ordinal) || value.Contains('>', StringComparison.Ordinal) || value.Contains('*', StringComparison.Ordinal)
        || value.Contains("redacted", StringComparison.OrdinalIgnoreCase)
        || value.Equals("x.x.x.x", StringComparison.OrdinalIgnoreCase)
        || value.Trim('x', 'X', '.').Length == 0;
}
