using System.Text;

namespace RecoveryRules.Cli;

/// <summary>
/// The process's standard streams as the commands use them: bytes in, bytes out (the fast batch
/// path writes UTF-8 straight to <see cref="Output"/>), and text writers for everything else.
/// Text written to <see cref="Out"/> must be flushed before bytes go to <see cref="Output"/>.
/// </summary>
internal sealed class StandardStreams
{
    public static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public StandardStreams(Stream input, Stream output, TextWriter error)
    {
        Input = input;
        Output = output;
        Error = error;
        Out = new StreamWriter(output, Utf8, bufferSize: 64 * 1024, leaveOpen: true) { NewLine = "\n", AutoFlush = false };
    }

    /// <summary>Standard input, as bytes.</summary>
    public Stream Input { get; }

    /// <summary>Standard output, as bytes.</summary>
    public Stream Output { get; }

    /// <summary>Standard output, as UTF-8 text with <c>\n</c> line ends.</summary>
    public TextWriter Out { get; }

    /// <summary>Standard error.</summary>
    public TextWriter Error { get; }

    /// <summary>Writes out the text written to <see cref="Out"/> so far, before bytes go to <see cref="Output"/>.</summary>
    /// <exception cref="CommandFailedException">Standard output cannot be written (a closed pipe).</exception>
    public async Task FlushOutAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Out.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException exception)
        {
            throw new CommandFailedException("cannot write to standard output: " + exception.Message, ExitCodes.Unusable, exception);
        }
    }

    /// <summary>
    /// Writes out the text written to <see cref="Out"/> so far, synchronously: a flush of standard output with
    /// <c>FlushAsync</c> runs on the thread pool, which a command that never needs the pool would start for it
    /// (docs/design.md §27).
    /// </summary>
    /// <exception cref="CommandFailedException">Standard output cannot be written (a closed pipe).</exception>
    public void FlushOut()
    {
        try
        {
            Out.Flush();
        }
        catch (IOException exception)
        {
            throw new CommandFailedException("cannot write to standard output: " + exception.Message, ExitCodes.Unusable, exception);
        }
    }

    /// <summary>Prints <c>recoveryrules: error: message</c> on stderr.</summary>
    public void ReportError(string message) => Error.WriteLine("recoveryrules: error: " + message);
}
