namespace RecoveryRules.Cli.Output;

/// <summary>
/// Writes a report to the file <c>--output</c> names, whole or not at all: the report goes to a temporary
/// file beside it, which replaces the file only once completely written. A failure leaves the file as it was
/// (or absent) and no temporary file behind, and is reported as <c>recoveryrules: error: cannot write …</c>, exit 2.
/// </summary>
internal static class ReportFile
{
    /// <summary>Writes the report with <paramref name="write"/> and puts it in place.</summary>
    /// <exception cref="CommandFailedException">The file cannot be written (exit code 2).</exception>
    public static void Write(string path, string what, Action<Stream> write)
    {
        if (Directory.Exists(path))
        {
            throw new CommandFailedException($"cannot write the {what} to '{path}': it is a directory; give a file name.");
        }

        string? temporary = null;
        try
        {
            var full = Path.GetFullPath(path);
            var directory = Path.GetDirectoryName(full) ?? ".";
            if (!Directory.Exists(directory))
            {
                throw new CommandFailedException($"cannot write the {what} to '{path}': the folder '{directory}' does not exist.");
            }

            temporary = Path.Combine(directory, "." + Path.GetFileName(full) + "." + Path.GetRandomFileName() + ".tmp");
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite: true);
            temporary = null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new CommandFailedException($"cannot write the {what} to '{path}': {exception.Message}", ExitCodes.Unusable, exception);
        }
        finally
        {
            if (temporary is not null)
            {
                try
                {
                    File.Delete(temporary);
                }
                catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
                {
                    // The report's failure is what the user needs to hear about.
                }
            }
        }
    }
}
