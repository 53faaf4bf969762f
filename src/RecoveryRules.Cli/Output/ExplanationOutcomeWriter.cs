using System.Buffers;
using System.Text;

namespace RecoveryRules.Cli.Output;

/// <summary>Writes each outcome as the readable account of <see cref="ExplanationWriter"/>, in UTF-8.</summary>
internal sealed class ExplanationOutcomeWriter : OutcomeWriter
{
    private readonly StringWriter _text = new(System.Globalization.CultureInfo.InvariantCulture) { NewLine = "\n" };

    public override void WriteDecision(IBufferWriter<byte> output, long line, Decision decision)
    {
        ExplanationWriter.WriteDecision(_text, line, decision);
        Flush(output);
    }

    public override void WriteError(IBufferWriter<byte> output, long line, CaseError error)
    {
        ExplanationWriter.WriteError(_text, line, error);
        Flush(output);
    }

    public override void Discard() => _text.GetStringBuilder().Clear();

    private void Flush(IBufferWriter<byte> output)
    {
        var builder = _text.GetStringBuilder();
        foreach (var part in builder.GetChunks())
        {
            Encoding.UTF8.GetBytes(part.Span, output);
        }

        builder.Clear();
    }
}
