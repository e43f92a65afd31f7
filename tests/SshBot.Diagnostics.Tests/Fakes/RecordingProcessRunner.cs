using SshBot.Diagnostics.Seams;

namespace SshBot.Diagnostics.Tests.Fakes;

/// <summary>A process runner that starts nothing: it records every request and answers with a scripted result.</summary>
public sealed class RecordingProcessRunner : IProcessRunner
{
    private readonly List<ProcessRequest> _requests = [];

    public IReadOnlyList<ProcessRequest> Requests => _requests;

    /// <summary>What every run returns; by default ssh's own failure with no output.</summary>
    public ProcessResult Answer { get; set; } = new(255, "", "", false, TimeSpan.Zero);

    public Task<ProcessResult> RunAsync(ProcessRequest request, CancellationToken cancellationToken)
    {
        lock (_requests)
        {
            _requests.Add(request);
        }

        return Task.FromResult(Answer);
    }
}
