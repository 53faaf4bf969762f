using System.Globalization;

namespace RecoveryRules.Cli.Input;

/// <summary>
/// Opens the process's standard input, refusing one that can never end. When <c>recoveryrules</c> is
/// started with standard input closed (<c>&lt;&amp;-</c>), the .NET runtime on Linux reuses descriptor 0
/// for a pipe of its own, whose write end the process itself holds: reading it would wait forever. The
/// same holds for any pipe whose write end this process holds (a parent that leaked it): no end of input
/// can come while we keep the writer open. Such a standard input is reported as not readable (exit 2).
/// </summary>
internal static class StandardInputSource
{
    /// <summary>
    /// Standard input, or a stream whose first read fails with <see cref="StandardInputClosedException"/>; opened, and
    /// checked, at the first read: a command that never reads standard input (<c>eval --case FILE</c>, <c>check</c>) does
    /// not pay for the look at procfs (docs/design.md §27).
    /// </summary>
    /// <returns>The stream to read the cases from.</returns>
    public static Stream Open() => new FirstReadStream();

    /// <summary>What <see cref="Open"/> gives once standard input is first read.</summary>
    private static Stream OpenNow() => IsPipeThisProcessWrites() ? new ClosedStream() : Console.OpenStandardInput();

    /// <summary>Whether descriptor 0 is a pipe and this process holds its write end (Linux only; elsewhere false).</summary>
    /// <returns><c>true</c> when reading standard input could never reach its end.</returns>
    public static bool IsPipeThisProcessWrites() => IsPipeThisProcessWrites("/proc/self");

    /// <summary>The check of <see cref="IsPipeThisProcessWrites()"/> against a process folder of procfs (tests pass another process's).</summary>
    /// <param name="process">A folder such as <c>/proc/self</c> or <c>/proc/1234</c>.</param>
    /// <returns><c>true</c> when that process's descriptor 0 is a pipe whose write end the process holds.</returns>
    internal static bool IsPipeThisProcessWrites(string process)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            var input = Target(Path.Combine(process, "fd", "0"));
            if (input is null || !input.StartsWith("pipe:", StringComparison.Ordinal))
            {
                return false;
            }

            foreach (var descriptor in Directory.EnumerateFileSystemEntries(Path.Combine(process, "fd")))
            {
                var name = Path.GetFileName(descriptor);
                if (name != "0" && Target(descriptor) == input && OpenForWriting(Path.Combine(process, "fdinfo", name)))
                {
                    return true;
                }
            }

            return false;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return false; // no procfs, or not ours to read: read standard input as usual
        }
    }

    private static string? Target(string link)
    {
        try
        {
            return new FileInfo(link).LinkTarget;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null; // the descriptor closed while we looked
        }
    }

    // fdinfo's "flags:" line holds the open flags in octal; the access mode is the low two bits (O_WRONLY 1, O_RDWR 2).
    private static bool OpenForWriting(string fdinfo)
    {
        foreach (var line in File.ReadLines(fdinfo))
        {
            if (line.StartsWith("flags:", StringComparison.Ordinal))
            {
                var flags = Convert.ToInt64(line["flags:".Length..].Trim(), 8);
                return (flags & 3) is 1 or 2;
            }
        }

        return false;
    }

    /// <summary>Standard input, opened (<see cref="OpenNow"/>) when it is first read.</summary>
    private sealed class FirstReadStream : Stream
    {
        private Stream? _input;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        private Stream Input => _input ??= OpenNow();

        public override int Read(byte[] buffer, int offset, int count) => Input.Read(buffer, offset, count);

        public override int Read(Span<byte> buffer) => Input.Read(buffer);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Input.ReadAsync(buffer, cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Input.ReadAsync(buffer, offset, count, cancellationToken);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _input?.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    private sealed class ClosedStream : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => throw new StandardInputClosedException();

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromException<int>(new StandardInputClosedException());

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromException<int>(new StandardInputClosedException());

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

/// <summary>Standard input was closed when the process started, so there is nothing to read.</summary>
internal sealed class StandardInputClosedException : IOException
{
    /// <summary>Creates the exception.</summary>
    public StandardInputClosedException()
        : base("standard input was closed when recoveryrules started")
    {
    }
}
