namespace SshBot.Chat.Tests.Deployment;

/// <summary>The container file and the compose file say what the README promises of them.</summary>
public sealed class ContainerTests
{
    [Fact]
    public void TheContainerBuildsWithTheSdkAndRunsServeAsAnUnprivilegedUserWithTheClientAndTheKnowledgeBase()
    {
        var lines = RepositoryFiles.Text("infra/deploy/Containerfile").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        var stages = lines.Where(l => l.StartsWith("FROM ", StringComparison.Ordinal)).ToList();

        Assert.Equal(["FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build", "FROM mcr.microsoft.com/dotnet/aspnet:10.0"], stages);
        var runtime = lines.SkipWhile(l => l != stages[1]).ToList();
        Assert.Contains(runtime, l => l.Contains("openssh-client", StringComparison.Ordinal));
        // kb/ belongs to root, read-only for the bot: edits from chat go to the incident store.
        Assert.Contains("COPY kb/ /opt/sshbot/kb/", runtime);
        Assert.Contains("VOLUME /var/lib/sshbot", runtime);
        Assert.Equal("USER sshbot", runtime.Last(l => l.StartsWith("USER ", StringComparison.Ordinal)));
        Assert.Equal("""ENTRYPOINT ["dotnet", "/opt/sshbot/sshbot.dll", "serve"]""", runtime.Last());
        Assert.True(File.Exists(RepositoryFiles.PathOf("src/SshBot.App/SshBot.App.csproj")));
        Assert.Contains(lines, l => l.Contains("src/SshBot.App/SshBot.App.csproj", StringComparison.Ordinal));
    }

    [Fact]
    public void TheBuildContextLeavesOutLocalBuildOutputAndTheComposeSecrets()
    {
        var ignored = RepositoryFiles.Text(".dockerignore").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();

        Assert.Contains("**/bin/", ignored);
        Assert.Contains("**/obj/", ignored);
        Assert.Contains("infra/deploy/.env", ignored);
        Assert.Contains("infra/deploy/.env", RepositoryFiles.Text("infra/deploy/compose.yaml"), StringComparison.Ordinal);
    }

    [Fact]
    public void ComposeStartsTheBotOnPostgresOnceTheDatabaseIsHealthy()
    {
        var compose = RepositoryFiles.Yaml("infra/deploy/compose.yaml");

        Assert.Equal("docker.io/library/postgres:16", compose.At("services", "postgres", "image"));
        Assert.NotNull(compose.At("services", "postgres", "healthcheck", "test"));
        Assert.Equal("service_healthy", compose.At("services", "sshbot", "depends_on", "postgres", "condition"));
        Assert.Equal("postgres", compose.At("services", "sshbot", "environment", "Storage__Provider"));
        Assert.StartsWith("Host=postgres;", compose.At("services", "sshbot", "environment", "Storage__ConnectionString")!.ToString(), StringComparison.Ordinal);
        var dockerfile = compose.At("services", "sshbot", "build", "dockerfile")!.ToString()!;
        Assert.True(File.Exists(RepositoryFiles.PathOf(dockerfile)), $"compose builds from {dockerfile}, which does not exist");
    }

    [Fact]
    public void TheHealthCheckAsksReadinessWithoutCurlAndSurvivesPodmansDefaultImageFormat()
    {
        const string Probe = "dotnet /opt/sshbot/sshbot.dll health";
        var containerfile = RepositoryFiles.Text("infra/deploy/Containerfile");
        var healthcheck = containerfile.Split('\n').Single(l => l.StartsWith("HEALTHCHECK ", StringComparison.Ordinal));
        var compose = RepositoryFiles.Yaml("infra/deploy/compose.yaml");
        var zones = RepositoryFiles.Yaml("infra/deploy/compose.zones.yaml");

        Assert.Contains("""CMD ["dotnet", "/opt/sshbot/sshbot.dll", "health"]""", healthcheck, StringComparison.Ordinal);
        Assert.DoesNotContain(containerfile.Split('\n'), l => (l.StartsWith("RUN ", StringComparison.Ordinal) || l.StartsWith("HEALTHCHECK ", StringComparison.Ordinal)) && l.Contains("curl", StringComparison.Ordinal));
        // podman's OCI images drop HEALTHCHECK: the build line says --format docker, and compose checks by itself.
        Assert.Contains("podman build --format docker", containerfile, StringComparison.Ordinal);
        Assert.Equal(["CMD", .. Probe.Split(' ')], ((List<object>)compose.At("services", "sshbot", "healthcheck", "test")!).Cast<string>());
        Assert.Equal(["CMD", .. Probe.Split(' ')], ((List<object>)zones.At("x-replica", "healthcheck", "test")!).Cast<string>());
        Assert.Equal("true", zones.At("services", "agent-dc1", "healthcheck", "disable"));
    }
}
