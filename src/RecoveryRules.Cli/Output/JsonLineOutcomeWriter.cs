using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace RecoveryRules.Cli.Output;

/// <summary>
/// Writes each outcome as one line of JSON, ended by <c>\n</c>: a decision exactly as <see cref="Decision.ToJson"/>
/// writes it; a case error as <see cref="CaseError.ToJson"/> does, with one more member, the error's <c>line</c>:
/// the one-based line of the input where the case starts (docs/cli.md).
/// </summary>
internal sealed class JsonLineOutcomeWriter : OutcomeWriter
{
    /// <summary>
    /// The options <see cref="DecisionJson"/> serializes with, without checking the structure of what is written:
    /// the same bytes, written faster (the writers here write only whole, well-formed objects).
    /// </summary>
    private static readonly JsonWriterOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
        SkipValidation = true,
    };

    private readonly Utf8JsonWriter _json = new(new ArrayBufferWriter<byte>(1), Options);

    public override bool WritesDecisionLines => true;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void WriteDecision(IBufferWriter<byte> output, long line, Decision decision)
    {
        if (DecisionJson.TryWriteLine(output, decision))
        {
            return;
        }

        _json.Reset(output);
        DecisionJson.Write(_json, decision);
        EndLine(output);
    }

    /// <summary>The decision as <see cref="DecisionJson.Write(System.Text.Json.Utf8JsonWriter, Decision)"/> writes it (the bytes <see cref="DecisionJson.TryWriteLine"/> writes faster in a batch).</summary>
    public override void WriteOneDecision(IBufferWriter<byte> output, long line, Decision decision)
    {
        _json.Reset(output);
        DecisionJson.Write(_json, decision);
        EndLine(output);
    }

    public override void WriteError(IBufferWriter<byte> output, long line, CaseError error)
    {
        _json.Reset(output);
        _json.WriteStartObject();
        if (error.CaseId is null)
        {
            _json.WriteNull("case");
        }
        else
        {
            _json.WriteString("case", error.CaseId);
        }

        _json.WriteStartObject("error");
        _json.WriteString("id", error.Id);
        _json.WriteString("message", error.Message);
        if (error.Field is not null)
        {
            _json.WriteString("field", error.Field);
        }

        _json.WriteNumber("line", line);
        _json.WriteEndObject();
        _json.WriteEndObject();
        EndLine(output);
    }

    private void EndLine(IBufferWriter<byte> output)
    {
        _json.Flush();
        output.GetSpan(1)[0] = (byte)'\n';
        output.Advance(1);
    }
}
