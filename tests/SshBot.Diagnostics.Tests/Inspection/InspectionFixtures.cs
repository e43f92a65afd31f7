using SshBot.Diagnostics.Inspection;
using SshBot.Diagnostics.Observations;

namespace SshBot.Diagnostics.Tests.Inspection;

internal static class InspectionFixtures
{
    public static string Read(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Inspection", "Fixtures", name));

    public static InspectionReport Parse(string name, int port = 22) => InspectionParser.Parse(Read(name), port);

    public static ObservationValue? Get(this InspectionReport report, string key) =>
        report.Observations.TryGetValue(key, out var value) ? value : null;

    public static double Number(this InspectionReport report, string key) =>
        report.Get(key) is { Kind: ObservationKind.Number } v ? v.Number : throw new Xunit.Sdk.XunitException($"{key} is not a number: {report.Get(key)}");

    public static bool Flag(this InspectionReport report, string key) =>
        report.Get(key) is { Kind: ObservationKind.Flag } v ? v.Flag : throw new Xunit.Sdk.XunitException($"{key} is not a flag: {report.Get(key)}");

    public static IReadOnlyList<string> List(this InspectionReport report, string key) =>
        report.Get(key) is { Kind: ObservationKind.List } v ? v.Items : throw new Xunit.Sdk.XunitException($"{key} is not a list: {report.Get(key)}");
}
