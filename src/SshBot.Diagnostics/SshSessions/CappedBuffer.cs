using System.Buffers;
using System.Text;

namespace SshBot.Diagnostics.SshSessions;

/// <summary>Reads a stream to its end, keeping the first bytes up to a cap and dropping the rest.</summary>
internal sealed class CappedBuffer(int cap)
{
    private readonly ArrayBufferWriter<byte> _kept = new();

    public bool Truncated { get; private set; }

    public string Text => Encoding.UTF8.GetString(_kept.WrittenSpan);

    public async Task FillAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
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
