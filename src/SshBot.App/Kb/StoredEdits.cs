using System.Data.Common;
using SshBot.App.Incidents;
using SshBot.Chat.Running;
using SshBot.Incidents;
using SshBot.Incidents.Knowledge;
using SshBot.KnowledgeBase.Overlay;

namespace SshBot.App.Kb;

/// <summary>
/// The knowledge-base edits made from chat, as the CLI reads them: from the configured incident
/// store (SQLite in the data directory, or PostgreSQL), never creating a store that is not there.
/// </summary>
internal static class StoredEdits
{
    /// <summary>The stored edits, or none when no store exists yet.</summary>
    /// <exception cref="IncidentStoreException">The store was refused.</exception>
    /// <exception cref="DbException">The store could not be read.</exception>
    public static async Task<KnowledgeOverlay> ReadAsync(IncidentStoreOptions? options, CancellationToken ct)
    {
        if (options is null || !StoreSelection.Exists(options))
        {
            return KnowledgeOverlay.Empty;
        }

        await using var store = await IncidentStoreFactory.CreateAsync(options, ct: ct);
        return store is IKnowledgeRevisions revisions ? await new StoredKnowledgeEdits(revisions).ReadAsync(ct) : KnowledgeOverlay.Empty;
    }

    /// <summary>
    /// The stored edits, or none after a line on <paramref name="error"/> when the store cannot be
    /// read: a diagnosis still runs, on the folder alone, and says so.
    /// </summary>
    public static async Task<KnowledgeOverlay> ReadOrWarnAsync(IncidentStoreOptions? options, TextWriter error, CancellationToken ct)
    {
        try
        {
            return await ReadAsync(options, ct);
        }
        catch (Exception e) when (e is IncidentStoreException or DbException)
        {
            await error.WriteLineAsync($"sshbot: the knowledge-base edits stored from chat could not be read ({e.Message}); using the kb/ folder alone.");
            return KnowledgeOverlay.Empty;
        }
    }
}
