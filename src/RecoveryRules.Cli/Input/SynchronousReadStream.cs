namespace RecoveryRules.Cli.Input;

/// <summary>
/// A regular file read for the batch's reading worker (docs/design.md §31, §39): <see cref="ReadAsync(Memory{byte}, CancellationToken)"/>
/// reads synchronously and returns a completed task. A <see cref="FileStream"/> opened for synchronous reads runs each
/// asynchronous read as a thread-pool work item on Unix; the batch's workers wait on threads of their own anyway, so the
/// read is done there and the pool stays idle. Only for files that can seek (a regular file): a read of one never waits
/// for a writer.
/// </summary>
internal sealed class SynchronousReadStream(Stream inner) : Stream
{
    /// <inheritdoc/>
    public override bool CanRead => true;

    /// <inheritdoc/>
    public override bool CanSeek => false;

    /// <inheritdoc/>
    public override bool CanWrite => false;

    /// <inheritdoc/>
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc/>
    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>Whether <paramref name="stream"/> is read synchronously as well as it would be asynchronously: a regular file opened for synchronous reads.</summary>
    public static bool Suits(Stream stream) => stream is FileStream { CanSeek: true, IsAsync: false };

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

    /// <inheritdoc/>
    public override int Read(Span<byte> buffer) => inner.Read(buffer);

    /// <inheritdoc/>
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<int>(cancellationToken);
        }

        try
        {
            return ValueTask.FromResult(inner.Read(buffer.Span));
        }
#pragma warning disable CA1031 // Given back as the read's failure, as the asynchronous read would.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            return ValueTask.FromException<int>(exception);
        }
    }

    /// <inheritdoc/>
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc/>
    public override void Flush()
    {
    }

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
