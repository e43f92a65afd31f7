using System.Net;
using SshBot.Diagnostics.SshSessions;
using SshBot.Diagnostics.Targets;

namespace SshBot.Diagnostics.Tests.Fakes;

/// <summary>
/// The bot's SSH sessions substituted: every login gets <see cref="Answer"/>; an accepted one gets
/// a session that records the scripts it is asked to run and answers with <see cref="Script"/>.
/// </summary>
public sealed class FakeBotLogins : IBotLogins
{
    public static readonly BotLogin Accepted = new("accepted", ["publickey"], "publickey", "ssh-ed25519", "SHA256:uif3HXaEx691R1shO553pMTKLaglsgasaqIBmdF8urI", "known", null, true);

    public BotLogin Answer { get; set; } = Accepted;

    public ScriptResult Script { get; set; } = new(0, "", "", false, false);

    /// <summary>Each login asked for: the target, the address dialled and the origin.</summary>
    public List<(Target Target, IPAddress Address, RequestOrigin Origin)> Logins { get; } = [];

    /// <summary>Each script sent, exactly.</summary>
    public List<string> Scripts { get; } = [];

    /// <summary>Sessions closed so far; completes <see cref="FirstClosed"/> on the first.</summary>
    public int Closed { get; private set; }

    public TaskCompletionSource FirstClosed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public Task<LoginResult> LoginAsync(Target target, IPAddress address, RequestOrigin origin, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Logins.Add((target, address, origin));
        return Task.FromResult(new LoginResult(Answer, Answer.Status == "accepted" ? new Session(this) : null));
    }

    private sealed class Session(FakeBotLogins owner) : IBotSession
    {
        public Task<ScriptResult> RunScriptAsync(string script, TimeSpan timeout, CancellationToken cancellationToken, int maxOutputBytes = BotSession.DefaultMaxOutputBytes)
        {
            owner.Scripts.Add(script);
            return Task.FromResult(owner.Script);
        }

        public void Dispose()
        {
            owner.Closed++;
            owner.FirstClosed.TrySetResult();
        }
    }
}
