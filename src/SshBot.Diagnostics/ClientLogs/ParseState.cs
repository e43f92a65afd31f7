using SshBot.Diagnostics.Observations;

namespace SshBot.Diagnostics.ClientLogs;

/// <summary>What <see cref="ClientLogParser"/> has learnt so far from the lines it read.</summary>
internal sealed partial class ParseState
{
    private readonly Dictionary<string, List<string>> _evidence = new(StringComparer.Ordinal);
    private readonly List<string> _tried = [];
    private readonly Dictionary<string, List<string>> _linesByError = new(StringComparer.Ordinal);
    private readonly List<Failure> _strongs = [];
    private FailureRule? _weak;
    private LogText.Line? _weakLine;
    private int _weakRank = int.MaxValue;
    private (Failure Failure, int StrongsBefore)? _refusal;
    private string? _host;
    private bool _hostWeak;

    public ObservationSet Observations { get; } = new();

    /// <summary>What the log shows beyond its failure line.</summary>
    public LogFacts Facts { get; } = new();

    public List<string> Notes { get; } = [];

    public ClientStage Progress { get; private set; }

    public bool InServerProposal { get; set; }

    /// <summary>The list key a "could not agree on a ..." line named, while its client and server lists follow.</summary>
    public string? AgreeingOn { get; set; }

    public bool HasClientVersion => Observations.ContainsKey("client.version");

    public string? Product { get; set; }

    public string? ProductLine { get; set; }

    public bool SawCommandLine { get; private set; }

    /// <summary>The command the user ran: its host counts less than what ssh itself printed.</summary>
    public void CommandLine(CommandLineReader.Destination destination, string line)
    {
        SawCommandLine = true;
        Facts.CommandLine(line, destination.Command);
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

        foreach (var method in destination.Methods ?? [])
        {
            Tried(method, line);
        }
    }

    public void Advance(string text)
    {
        Facts.Read(text);
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

    /// <summary>The address the client connected to, when the log shows it beside a name ("Connecting to web-01 [10.0.0.5]").</summary>
    public (string Address, string Line)? SeenAddress { get; set; }

    /// <summary>The scope a masked address showed (<c>192.168.x.x</c>: private), and its line.</summary>
    private (string Scope, string Line)? _maskedScope;

    public void SetHost(string host, string line, bool weak = false)
    {
        if (_host is not null && (weak || !_hostWeak))
        {
            return;
        }

        host = host.Trim('[', ']', '"', '\'', '.', ',');
        if (Targets.MaskedAddress.IsMasked(host) || IsRedacted(host))
        {
            // "192.168.x.x": no host to name or probe, but its first parts still say what kind it is.
            if (_maskedScope is null && HostFacts.Scope(host) is { } scope)
            {
                _maskedScope = (scope, line);
            }

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

    public void Fail(FailureRule rule, LogText.Line line, string? hop = null)
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
            _strongs.Add(new Failure(rule, line, Progress, hop, LogFacts.IsLoginLine(Facts.LineBefore)));
            return;
        }

        if (rule.Error is "permission-denied" or "too-many-auth-failures")
        {
            // A login refused in words that are weak alone ("Permission denied, please try again."):
            // kept with how many strong failures came before it, for a close right after it.
            _refusal = (new Failure(rule, line, Progress, hop), _strongs.Count);
        }

        var rank = Array.IndexOf(FailureRules.All, rule);
        if (rank <= _weakRank)
        {
            _weak = rule;
            _weakLine = line;
            _weakRank = rank;
        }
    }

    private static ClientStage Max(ClientStage a, ClientStage b) => a > b ? a : b;

    /// <summary>The session's read loop found the connection reset ("Read from remote host X: ...").</summary>
    private static bool ReadsFromDeadConnection(string line) =>
        line.Contains("Read from remote host", StringComparison.OrdinalIgnoreCase)
        || line.Contains("client_loop: read", StringComparison.OrdinalIgnoreCase);

    /// <summary>The refusal names the per-connection session limit ("too many session channels", "no more sessions").</summary>
    private static bool NamesTheSessionLimit(string line) =>
        line.Contains("session channels", StringComparison.OrdinalIgnoreCase)
        || line.Contains("too many sessions", StringComparison.OrdinalIgnoreCase)
        || line.Contains("no more sessions", StringComparison.OrdinalIgnoreCase)
        || line.Contains("MaxSessions", StringComparison.OrdinalIgnoreCase);

    private static bool WritesIntoDeadConnection(string line) =>
        line.Contains("client_loop: send disconnect", StringComparison.OrdinalIgnoreCase)
        || line.Contains("packet_write_wait", StringComparison.OrdinalIgnoreCase)
        || line.Contains("Write failed", StringComparison.OrdinalIgnoreCase);

    /// <summary>One strong failure line and where it happened.</summary>
    private sealed record Failure(FailureRule Rule, LogText.Line Line, ClientStage Progress, string? Hop, bool RightAfterLogin = false);

    private static string StageName(ClientStage stage) => stage.ToString().ToLowerInvariant();

    private static bool IsRedacted(string value) =>
        value.Length == 0
        || value.Contains('<', StringComparison.Ordinal) || value.Contains('>', StringComparison.Ordinal) || value.Contains('*', StringComparison.Ordinal)
        || value.Contains("redacted", StringComparison.OrdinalIgnoreCase)
        || value.Equals("x.x.x.x", StringComparison.OrdinalIgnoreCase)
        || value.Trim('x', 'X', '.').Length == 0;
}
