using System.Net.Sockets;
using System.Text;

namespace SshBot.Diagnostics.Tests.Fakes;

/// <summary>
/// A server's side of a TCP connection, scripted: chunks of bytes, then the end of the stream,
/// a reset, or silence until cancelled. Everything the client writes is captured.
/// </summary>
public sealed class ScriptedStream : Stream
{
    private readonly Queue<Func<CancellationToken, Task<byte[]?>>> _script = new();
    private readonly HashSet<Func<CancellationToken, Task<byte[]?>>> _forever = [];
    private byte[] _pending = [];
    private int _offset;

    public MemoryStream Written { get; } = new();

    /// <summary>What happened on the wire, in order: "recv N" for bytes the client read, "sent N" for bytes it wrote.</summary>
    public List<string> Events { get; } = [];

    public ScriptedStream Send(byte[] bytes)
    {
        _script.Enqueue(_ => Task.FromResult<byte[]?>(bytes));
        return this;
    }

    public ScriptedStream Send(string ascii) => Send(Encoding.ASCII.GetBytes(ascii));

    public ScriptedStream Reset()
    {
        _script.Enqueue(_ => throw new IOException("reset", new SocketException((int)SocketError.ConnectionReset)));
        return this;
    }

    /// <summary>Silence from here on: every read waits until cancelled.</summary>
    public ScriptedStream Hang()
    {
        Func<CancellationToken, Task<byte[]?>> hang = async ct =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return null;
        };
        _forever.Add(hang);
        _script.Enqueue(hang);
        return this;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (_offset >= _pending.Length)
        {
            if (!_script.TryPeek(out var next))
            {
                return 0;
            }

            if (!_forever.Contains(next))
            {
                _script.Dequeue();
            }

            var chunk = await next(cancellationToken);
            if (chunk is null)
            {
                return 0;
            }

            _pending = chunk;
            _offset = 0;
        }

        var n = Math.Min(buffer.Length, _pending.Length - _offset);
        _pending.AsMemory(_offset, n).CopyTo(buffer);
        _offset += n;
        Events.Add($"recv {n}");
        return n;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Written.Write(buffer.Span);
        Events.Add($"sent {buffer.Length}");
        return ValueTask.CompletedTask;
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Write(byte[] buffer, int offset, int count) => Written.Write(buffer, offset, count);

    public override void Flush()
    {
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
