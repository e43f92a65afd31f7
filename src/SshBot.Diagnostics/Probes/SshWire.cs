using System.Buffers;

namespace SshBot.Diagnostics.Probes;

/// <summary>
/// A buffered reader and writer over one TCP connection, shared by the identify and negotiate
/// stages: the server often sends its identification line and its KEXINIT in one segment, so
/// what identify reads past the line must stay available to negotiate.
/// </summary>
public sealed class SshWire(Stream stream) : IAsyncDisposable
{
    private readonly byte[] _buffer = new byte[16 * 1024];
    private readonly byte[] _first = new byte[Identify.FirstBytes.Shown];
    private int _start;
    private int _end;
    private int _firstCount;

    /// <summary>Total bytes received so far.</summary>
    public long BytesRead { get; private set; }

    /// <summary>
    /// Reads one line ending in LF (a CR before it is dropped), at most <paramref name="maxLength"/>
    /// bytes. Returns null at end of stream with nothing read; a line cut short by the end of the
    /// stream or by the length limit comes back with <c>Complete = false</c>.
    /// </summary>
    public async Task<(byte[] Bytes, bool Complete)?> ReadLineAsync(int maxLength, CancellationToken cancellationToken)
    {
        var line = new ArrayBufferWriter<byte>(128);
        while (true)
        {
            if (_start == _end && !await FillAsync(cancellationToken))
            {
                return line.WrittenCount == 0 ? null : (line.WrittenSpan.ToArray(), false);
            }

            var available = _buffer.AsSpan(_start, _end - _start);
            var newline = available.IndexOf((byte)'\n');
            var take = newline >= 0 ? newline : available.Length;
            var room = maxLength - line.WrittenCount;
            if (take > room)
            {
                line.Write(available[..room]);
                _start += room;
                return (line.WrittenSpan.ToArray(), false);
            }

            line.Write(available[..take]);
            _start += take;
            if (newline >= 0)
            {
                _start++;
                var bytes = line.WrittenSpan.ToArray();
                return (bytes.Length > 0 && bytes[^1] == '\r' ? bytes[..^1] : bytes, true);
            }
        }
    }

    /// <summary>Fills <paramref name="destination"/>, or throws <see cref="EndOfStreamException"/> saying how many came.</summary>
    public async Task ReadExactlyAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < destination.Length)
        {
            if (_start == _end && !await FillAsync(cancellationToken))
            {
                throw new EndOfStreamException($"connection closed after {filled} of {destination.Length} bytes");
            }

            var n = Math.Min(_end - _start, destination.Length - filled);
            _buffer.AsMemory(_start, n).CopyTo(destination[filled..]);
            _start += n;
            filled += n;
        }
    }

    /// <summary>Bytes already received and not yet consumed, without waiting for more.</summary>
    public ReadOnlySpan<byte> Peek() => _buffer.AsSpan(_start, _end - _start);

    /// <summary>The first bytes ever received on the connection (up to <see cref="Identify.FirstBytes.Shown"/>), kept as evidence.</summary>
    public ReadOnlySpan<byte> FirstReceived => _first.AsSpan(0, _firstCount);

    /// <summary>Receives more bytes after those not yet consumed, keeping them; false at end of stream.</summary>
    public Task<bool> ReadMoreAsync(CancellationToken cancellationToken) => FillAsync(cancellationToken);

    /// <summary>Waits for at least one more byte; false at end of stream.</summary>
    public Task<bool> WaitForDataAsync(CancellationToken cancellationToken) =>
        _start < _end ? Task.FromResult(true) : FillAsync(cancellationToken);

    public async Task WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(data, cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => stream.DisposeAsync();

    private async Task<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (_start == _end)
        {
            _start = _end = 0;
        }
        else if (_end == _buffer.Length)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        var n = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
        var keep = Math.Min(n, _first.Length - _firstCount);
        _buffer.AsSpan(_end, keep).CopyTo(_first.AsSpan(_firstCount));
        _firstCount += keep;
        _end += n;
        BytesRead += n;
        return n > 0;
    }
}
