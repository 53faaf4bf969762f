using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace RecoveryRules.Cli.Output;

/// <summary>Writes each outcome as one line of JSON (POLICY-FORMAT §5), exactly as <see cref="Decision.ToJson"/> would, ended by <c>\n</c>.</summary>
internal sealed class JsonLineOutcomeWriter : OutcomeWriter
{
    /// <summary>The options <see cref="DecisionJson"/> serializes with.</summary>
    private static readonly JsonWriterOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    private readonly Utf8JsonWriter _json = new(new ArrayBufferWriter<byte>(1), Options);

    public override void WriteDecision(IBufferWriter<byte> output, long line, Decision decision)
    {
        _json.Reset(output);
        DecisionJson.Write(_json, decision);
        EndLine(output);
    }

    public override void WriteError(IBufferWriter<byte> output, long line, CaseError error)
    {
        _json.Reset(output);
        DecisionJson.Write(_json, error);
        EndLine(output);
    }

    private void EndLine(IBufferWriter<byte> output)
    {
        _json.Flush();
        output.GetSpan(1)[0] = (byte)'\n';
        output.Advance(1);
    }
}
