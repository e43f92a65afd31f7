using System.CommandLine;
using System.Globalization;
using SshBot.App.Cli;
using SshBot.Incidents;

namespace SshBot.App.Incidents;

/// <summary>
/// `sshbot incidents list|show|stats`: reads the incident history. Bad input is one line on
/// stderr and exit 2, checked before the store is opened; reading never creates a store.
/// PostgreSQL's connection string comes from $SSHBOT_INCIDENTS_CONNECTION, never the command
/// line, where other users could read it in the process list.
/// </summary>
internal static class IncidentsCommands
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var dataDir = new Option<string?>("--data-dir") { Description = "Where the SQLite store lives (default: Storage__DataDirectory, else $XDG_DATA_HOME/sshbot or ~/.local/share/sshbot)", Recursive = true };
        var store = new Option<string?>("--store") { Description = "sqlite or postgres (default: Storage__Provider, else sqlite; the connection string from Storage__ConnectionString or $SSHBOT_INCIDENTS_CONNECTION)", Recursive = true };
        var json = new Option<bool>("--json") { Description = "Machine-readable output", Recursive = true };
        var host = new Option<string?>("--host") { Description = "Only this host's incidents" };
        var listSince = new Option<string?>("--since") { Description = "Only incidents opened within this age: 30m, 12h, 7d, 2w" };
        var statsSince = new Option<string>("--since") { Description = "Period to count over", DefaultValueFactory = _ => "30d" };
        var id = new Argument<string>("id") { Description = "Incident id, as `incidents list` shows it" };

        var list = new Command("list", "Incidents, newest first, with their verdict and what fixed them.") { host, listSince };
        list.SetAction(async (r, ct) =>
        {
            if (!TryAge(r.GetValue(listSince), error, out var since))
            {
                return CliHost.ExitInvalidInput;
            }

            return await WithStoreAsync(r, dataDir, store, error, async s =>
            {
                var rows = s is null ? [] : await s.ListIncidentsAsync(new IncidentQuery(r.GetValue(host), Since: since, Limit: 200), ct);
                await IncidentText.WriteListAsync(output, rows, r.GetValue(json));
                return CliHost.ExitOk;
            });
        });

        var show = new Command("show", "One incident: requests, diagnoses with their stages, replies and feedback.") { id };
        show.SetAction(async (r, ct) =>
        {
            var text = r.GetValue(id);
            if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var incidentId))
            {
                await error.WriteLineAsync($"sshbot incidents show: '{text}' is not an incident id (a number, as `sshbot incidents list` shows)");
                return CliHost.ExitInvalidInput;
            }

            return await WithStoreAsync(r, dataDir, store, error, async s =>
            {
                if ((s is null ? null : await s.GetIncidentAsync(incidentId, ct)) is not { } detail)
                {
                    await error.WriteLineAsync($"sshbot incidents show: no incident has id {incidentId}");
                    return CliHost.ExitInvalidInput;
                }

                await IncidentText.WriteDetailAsync(output, detail, r.GetValue(json));
                return CliHost.ExitOk;
            });
        });

        var stats = new Command("stats", "Incidents per cause over a period.") { statsSince };
        stats.SetAction(async (r, ct) =>
        {
            var period = r.GetValue(statsSince)!;
            if (!TryAge(period, error, out var since))
            {
                return CliHost.ExitInvalidInput;
            }

            return await WithStoreAsync(r, dataDir, store, error, async s =>
            {
                var counts = s is null ? [] : await s.CountByCauseAsync(since!.Value, ct);
                await IncidentText.WriteStatsAsync(output, counts, period, r.GetValue(json));
                return CliHost.ExitOk;
            });
        });

        return new Command("incidents", "Incident history: what happened to a host before, and what fixed it.")
        {
            dataDir, store, json, list, show, stats,
        };
    }

    /// <summary>Null text is no filter (true, null); anything not a duration is one line on stderr (false).</summary>
    private static bool TryAge(string? text, TextWriter error, out DateTimeOffset? since)
    {
        since = null;
        if (text is null)
        {
            return true;
        }

        if (!DurationText.TryParse(text, out var age))
        {
            error.WriteLine($"sshbot incidents: --since '{text}' is not a duration (use e.g. 30m, 12h, 7d, 2w)");
            return false;
        }

        since = DateTimeOffset.UtcNow - age;
        return true;
    }

    /// <summary>
    /// Opens the chosen store and runs the verb on it; a SQLite store that does not exist yet is
    /// passed as null rather than created. A store refused at start-up is exit 1 with its reason.
    /// </summary>
    private static async Task<int> WithStoreAsync(
        ParseResult r, Option<string?> dataDir, Option<string?> storeOption, TextWriter error, Func<IIncidentStore?, Task<int>> verb)
    {
        IncidentStoreOptions options;
        try
        {
            options = StoreSelection.Resolve(r.GetValue(storeOption), r.GetValue(dataDir));
        }
        catch (InvalidDataException e)
        {
            await error.WriteLineAsync($"sshbot incidents: {e.Message}");
            return CliHost.ExitInvalidInput;
        }

        if (!StoreSelection.Exists(options))
        {
            return await verb(null);
        }

        try
        {
            await using var store = await IncidentStoreFactory.CreateAsync(options);
            return await verb(store);
        }
        catch (IncidentStoreException e)
        {
            await error.WriteLineAsync($"sshbot incidents: {e.Message}");
            return CliHost.ExitFailure;
        }
    }
}
