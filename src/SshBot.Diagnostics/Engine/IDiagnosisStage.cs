namespace SshBot.Diagnostics.Engine;

/// <summary>
/// One probe in the plan. It writes what it saw to the context's observations and says
/// whether its children can build on it. It must turn failures of the outside world into
/// observations; an exception is reported as a stage error, never a crash of the plan.
/// </summary>
public interface IDiagnosisStage
{
    string Name { get; }

    /// <summary>Stages that must pass before this one runs.</summary>
    IReadOnlyList<string> DependsOn { get; }

    /// <summary>
    /// True: the stage starts only once every stage before it in the plan has finished, whatever
    /// their outcome; its own parents must still pass. For a stage whose traffic would disturb
    /// the others' measurements (the path stage's burst of connections to the same sshd).
    /// </summary>
    bool RunsAfterEarlierStages => false;

    /// <summary>How long the stage may run before the engine cancels it.</summary>
    TimeSpan GetTimeout(DiagnosisOptions options);

    Task<StageOutcome> RunAsync(DiagnosisContext context, CancellationToken cancellationToken);
}
