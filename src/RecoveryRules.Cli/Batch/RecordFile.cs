namespace RecoveryRules.Cli.Batch;

/// <summary>
/// The file <c>eval --record FILE</c> appends decision records to (docs/auditing.md, "Decision records"):
/// created if missing, never truncated, opened before any case is evaluated. Each batch chunk's records (whole
/// lines, in input order) go to it with one write, flushed, before the chunk's outcomes are printed, so an
/// outcome on standard output has always been recorded.
/// </summary>
internal sealed class RecordFile : IDisposable
{
    private readonly DecisionRecordWriter _writer;

    private RecordFile(string path, DecisionRecordWriter writer)
    {
        Path = path;
        _writer = writer;
    }

    /// <summary>The file, as given on the command line.</summary>
    public string Path { get; }

    /// <summary>Opens (or creates) the file to append to it, unbuffered: each write is one write to the file.</summary>
    /// <exception cref="CommandFailedException">The file cannot be opened for appending (exit code 2).</exception>
    public static RecordFile Open(string path)
    {
        if (Directory.Exists(path))
        {
            throw new CommandFailedException($"cannot open the record file {path}: it is a directory; give a file to append decision records to.");
        }

        try
        {
            var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 0);
            return new RecordFile(path, new DecisionRecordWriter(stream));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new CommandFailedException($"cannot open the record file {path}: {exception.Message}", ExitCodes.Unusable, exception);
        }
    }

    /// <summary>Appends whole record lines with one write, then flushes.</summary>
    /// <exception cref="CommandFailedException">The file cannot be written (a full disk): exit code 2.</exception>
    public void Append(ReadOnlySpan<byte> lines)
    {
        try
        {
            _writer.WriteWholeLines(lines);
        }
        catch (IOException exception)
        {
            throw new CommandFailedException($"cannot write to the record file {Path}: {exception.Message}", ExitCodes.Unusable, exception);
        }
    }

    public void Dispose() => _writer.Dispose();
}
