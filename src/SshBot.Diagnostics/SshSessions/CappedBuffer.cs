using System.Buffers;
using System.Text;

namespace SshBot.Diagnostics.SshSessions;

/// <summary>Reads a stream to its end, keeping the first bytes up to a cap and dropping the rest.</summary>
internal sealed class CappedBuffer(int cap)
{
    private readonly ArrayBufferWriter<byte> _kept = new();
    private readonly Lock _lock = new();

    public bool Truncated { get; private set; }

    /// <summary>What was kept so far (the reader may still be adding to it).</summary>
    public string Text
    {
        get
        {
            lock (_lock)
            {
                return Encoding.UTF8.GetString(_kept.WrittenSpan);
            }
        }
    }

    public async Task FillAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            lock (_lock)
            {
                var room = cap - _kept.WrittenCount;
                if (read > room)
                {
                    Truncated = true;
                }

                if (room > 0)
                {
                    _kept.Write(buffer.AsSpan(0, Math.Min(read, room)));
                }
            }
        }
    }
}
