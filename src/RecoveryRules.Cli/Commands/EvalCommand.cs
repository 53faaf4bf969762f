using System.Buffers;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.IO.Pipelines;
using RecoveryRules.Cli.Batch;
using RecoveryRules.Cli.Input;
using RecoveryRules.Cli.Output;
using RecoveryRules.Diagnostics;
using RecoveryRules.Yaml;

namespace RecoveryRules.Cli.Commands;

/// <summary>
/// <c>recoveryrules eval --policy FILE [--case FILE | --cases FILE.jsonl] [--explain] [--record FILE [--record-explain]] [--now TIME]</c>:
/// evaluates cases and prints one decision (or case error) per case, as JSON Lines or, with <c>--explain</c>,
/// as a readable account; with <c>--record</c>, also appends a decision record per case (docs/auditing.md).
/// </summary>
internal static class EvalCommand
{
    /// <summary>The file name that stands for standard input.</summary>
    private const string StandardInputName = "-";

    public static Command Create(StandardStreams streams, BatchOptions batchOptions)
    {
        var policy = new Option<string>("--policy", "-p")
        {
            Description = "The policy file (*.policy.yaml) to evaluate with. If it has errors, they are printed on stderr and nothing is evaluated (exit code 2).",
            HelpName = "FILE",
            Required = true,
        };
        var singleCase = new Option<string>("--case", "-c")
        {
            Description = "A file holding one case: a JSON object, which may span lines. '-' reads it from standard input.",
            HelpName = "FILE",
        };
        var cases = new Option<string>("--cases")
        {
            Description = "A JSON Lines file: one case per line, blank lines skipped. Evaluated in parallel, in bounded memory; "
                + "the output keeps the input's order. '-' reads JSON Lines from standard input.",
            HelpName = "FILE.jsonl",
        };
        var explain = new Option<bool>("--explain")
        {
            Description = "Print a readable account instead of JSON: the decision and the rule behind each part, "
                + "the facts as the policy saw them, and every rule in consideration order, matched or not, with each condition's value.",
        };
        var record = new Option<string>("--record")
        {
            Description = "Also append one decision record per case to FILE (created if missing, never truncated): the decision or case error, "
                + "the policy's id, version and hash, evaluatedAt, and the case as given, one JSON line each, in input order. "
                + "Each record is written whole and flushed before the case's output is printed. 'recoveryrules replay' re-evaluates them.",
            HelpName = "FILE",
        };
        var now = new Option<DateTimeOffset?>("--now")
        {
            Description = "Evaluate every case at this moment (ISO 8601 with an offset, such as 2026-11-22T10:00:00+00:00) instead of the clock: "
                + "each decision's evaluatedAt, and what occurredAt is measured against.",
            HelpName = "TIME",
            CustomParser = ParseNow,
        };
        var recordExplain = new Option<bool>("--record-explain")
        {
            Description = "Put each decision's explanation into its record (as the member 'explanation'; replay ignores it). Needs --record.",
        };

        var command = new Command(
            "eval",
            "Evaluate cases against a policy and print one decision per case, one JSON object per line, in input order. "
            + "A case that cannot be evaluated prints {\"case\": ..., \"error\": {\"id\": \"RR04nn\", \"message\": ..., \"line\": N}} in its place, N its line in the input; the other cases go on. "
            + "Without --case or --cases, cases are read from standard input: JSON Lines, or, when the first line starts a JSON object "
            + "that goes on over several lines, one or more pretty-printed JSON objects (after a malformed one, reading goes on at the next line starting with '{'). "
            + "Exit code 0 when every case was decided, 1 when at least one case was an error, 2 when the policy or an input could not be used.")
        {
            policy,
            singleCase,
            cases,
            explain,
            record,
            recordExplain,
            now,
        };

        command.Validators.Add(result =>
        {
            if (result.GetResult(singleCase) is not null && result.GetResult(cases) is not null)
            {
                result.AddError("Give --case or --cases, not both.");
            }

            if (result.GetResult(recordExplain) is not null && result.GetResult(record) is null)
            {
                result.AddError("--record-explain puts the explanation into decision records; give the record file with --record.");
            }
        });

        command.SetAction((parseResult, cancellationToken) =>
        {
            var request = new EvalRequest(
                parseResult.GetRequiredValue(policy),
                parseResult.GetValue(singleCase),
                parseResult.GetValue(cases),
                parseResult.GetValue(explain))
            {
                RecordPath = parseResult.GetValue(record),
                RecordExplain = parseResult.GetValue(recordExplain),
                Now = parseResult.GetValue(now),
            };
            return RunAsync(request, streams, batchOptions, cancellationToken);
        });
        return command;
    }

    /// <summary>
    /// Reads <c>--now</c>: ISO 8601 with a date, a time and an offset (<c>Z</c> or <c>±hh:mm</c>), as an
    /// <c>occurredAt</c> is read; anything else is a usage error that names the option and the value.
    /// </summary>
    private static DateTimeOffset? ParseNow(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
        var t = text.IndexOf('T', StringComparison.Ordinal);
        var hasOffset = t > 0 && (text.EndsWith('Z') || text.EndsWith('z') || text.AsSpan(t).IndexOfAny('+', '-') > 0);
        if (hasOffset && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
        {
            return at;
        }

        result.AddError($"--now: '{text}' is not an ISO 8601 date and time with an offset, such as 2026-11-22T10:00:00+00:00.");
        return null;
    }

    /// <summary>Runs an evaluation.</summary>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunAsync(EvalRequest request, StandardStreams streams, BatchOptions batchOptions, CancellationToken cancellationToken)
    {
        if (request.CasesPath is not null && !request.Explain && request.RecordPath is null)
        {
            // A batch of decision lines: their hot methods compile on the other core while the policy loads (docs/design.md §31).
            _ = CaseEvaluator.PrepareBatchLineMethods();
        }

        var compiled = PolicyYaml.CompileFile(request.PolicyPath);
        if (compiled.Policy is not { } policy)
        {
            DiagnosticLines.Write(streams.Error, compiled.Diagnostics, request.PolicyPath);
            var errors = compiled.Diagnostics.Count(d => d.IsError);
            streams.ReportError($"the policy {request.PolicyPath} has {errors} error{(errors == 1 ? string.Empty : "s")}; no case was evaluated.");
            return ExitCodes.Unusable;
        }

        DiagnosticLines.Write(streams.Error, compiled.Diagnostics, request.PolicyPath, DiagnosticSeverity.Warning);

        var evaluation = new EvaluationOptions { Explain = request.Explain || (request.RecordPath is not null && request.RecordExplain), Now = request.Now };
        Func<OutcomeWriter> createWriter = request.Explain ? () => new ExplanationOutcomeWriter() : () => new JsonLineOutcomeWriter();

        // The record file is opened before any case is read: one that cannot be is the whole command's failure.
        using var recordFile = request.RecordPath is { } recordPath ? RecordFile.Open(recordPath) : null;
        var recording = recordFile is null ? null : new CaseRecording(recordFile, request.RecordExplain, request.Explain);
        streams.FlushOut();

        BatchSummary summary;
        if (request.CasePath is { } casePath)
        {
            var document = await ReadDocumentAsync(casePath, streams, batchOptions, cancellationToken).ConfigureAwait(false);
            summary = EvaluateOneCase(policy, document, streams.Output, createWriter(), evaluation, recording);
        }
        else if (request.CasesPath is { } casesPath)
        {
            if (casesPath == StandardInputName)
            {
                summary = await JsonLinesBatch.RunAsync(policy, LineSource.Open(streams.Input, batchOptions), InputFailure.StandardInput, streams.Output, createWriter, evaluation, batchOptions, recording, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var file = OpenCasesFile(casesPath);
                await using (file.ConfigureAwait(false))
                {
                    summary = await JsonLinesBatch.RunAsync(policy, LineSource.Open(file, batchOptions), casesPath, streams.Output, createWriter, evaluation, batchOptions, recording, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        else
        {
            bool isJsonLines;
            PipeReader input;
            try
            {
                (isJsonLines, input) = await StandardInputCases.DetectAsync(JsonLinesReader.Create(streams.Input, batchOptions), batchOptions.MaxLineBytes, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (InputFailure.IsReadFailure(exception))
            {
                throw InputFailure.Create(InputFailure.StandardInput, exception);
            }

            if (isJsonLines)
            {
                summary = await JsonLinesBatch.RunAsync(policy, LineSource.Of(input, batchOptions.MaxLineBytes), InputFailure.StandardInput, streams.Output, createWriter, evaluation, batchOptions, recording, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var document = await ReadAllAsync(input.AsStream(leaveOpen: true), InputFailure.StandardInput, batchOptions.MaxDocumentBytes, cancellationToken).ConfigureAwait(false);
                summary = await EvaluateDocumentAsync(policy, document, streams.Output, createWriter(), evaluation, recording, cancellationToken).ConfigureAwait(false);
            }
        }

        if (summary.Errors == 0)
        {
            return ExitCodes.Success;
        }

        await streams.Error.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"recoveryrules: {summary.Errors} of {summary.Cases} case{(summary.Cases == 1 ? string.Empty : "s")} could not be evaluated; each has an error line in its place.")).ConfigureAwait(false);
        return ExitCodes.Findings;
    }

    /// <summary>
    /// Evaluates the document of <c>--case</c> as one case (anything but exactly one JSON value is that case's error) and
    /// writes its outcome, synchronously: one case is written at once, and an asynchronous write or flush of standard
    /// output would start the thread pool for it (docs/design.md §27).
    /// </summary>
    private static BatchSummary EvaluateOneCase(
        RecoveryPolicy policy,
        ReadOnlyMemory<byte> document,
        Stream output,
        OutcomeWriter writer,
        EvaluationOptions evaluation,
        CaseRecording? recording)
    {
        var evaluator = new CaseEvaluator(policy, writer, evaluation, int.MaxValue, recording);
        var buffer = new ArrayBufferWriter<byte>(4096);
        var records = recording is null ? null : new ArrayBufferWriter<byte>(4096);

        // The core reads the whole file as one object and reports anything else (an empty file, two objects) as RR0400.
        if (document.Span.StartsWith("\uFEFF"u8))
        {
            document = document[3..];
        }

        var summary = new BatchSummary(1, evaluator.EvaluateOne(document, 1, buffer, records) ? 0 : 1);
        if (recording is not null && records is not null)
        {
            recording.File.Append(records.WrittenSpan);
        }

        try
        {
            output.Write(buffer.WrittenSpan);
            output.Flush();
        }
        catch (IOException exception)
        {
            throw new CommandFailedException("cannot write to standard output: " + exception.Message, ExitCodes.Unusable, exception);
        }

        return summary;
    }

    /// <summary>Evaluates the values of a JSON document (pretty-printed cases on standard input) in order.</summary>
    private static async Task<BatchSummary> EvaluateDocumentAsync(
        RecoveryPolicy policy,
        ReadOnlyMemory<byte> document,
        Stream output,
        OutcomeWriter writer,
        EvaluationOptions evaluation,
        CaseRecording? recording,
        CancellationToken cancellationToken)
    {
        var evaluator = new CaseEvaluator(policy, writer, evaluation, int.MaxValue, recording);
        var buffer = new ArrayBufferWriter<byte>(4096);
        var records = recording is null ? null : new ArrayBufferWriter<byte>(4096);
        var summary = default(BatchSummary);
        foreach (var part in JsonValueSequence.Split(document))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (part.Error is { } error)
            {
                writer.WriteError(buffer, part.Line, error);
                if (records is not null)
                {
                    evaluator.RecordUnreadable(part.Json, records);
                }

                summary += new BatchSummary(1, 1);
            }
            else
            {
                summary += new BatchSummary(1, evaluator.Evaluate(part.Json, part.Line, buffer, records) ? 0 : 1);
            }

            if (buffer.WrittenCount >= 64 * 1024)
            {
                await WriteAsync(output, buffer, recording, records, cancellationToken).ConfigureAwait(false);
            }
        }

        await WriteAsync(output, buffer, recording, records, cancellationToken).ConfigureAwait(false);
        return summary;
    }

    /// <summary>Appends the records so far to the record file, then writes the outcomes so far to the output.</summary>
    private static async Task WriteAsync(Stream output, ArrayBufferWriter<byte> buffer, CaseRecording? recording, ArrayBufferWriter<byte>? records, CancellationToken cancellationToken)
    {
        if (recording is not null && records is not null)
        {
            recording.File.Append(records.WrittenSpan);
            records.ResetWrittenCount();
        }

        try
        {
            await output.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException exception)
        {
            throw new CommandFailedException("cannot write to standard output: " + exception.Message, ExitCodes.Unusable, exception);
        }

        buffer.ResetWrittenCount();
    }

    private static async Task<ReadOnlyMemory<byte>> ReadDocumentAsync(string path, StandardStreams streams, BatchOptions options, CancellationToken cancellationToken)
    {
        if (path == StandardInputName)
        {
            return await ReadAllAsync(streams.Input, InputFailure.StandardInput, options.MaxDocumentBytes, cancellationToken).ConfigureAwait(false);
        }

        var file = OpenCasesFile(path);
        await using (file.ConfigureAwait(false))
        {
            // A regular file is read synchronously: on Unix, ReadAsync of a file opened for synchronous reads runs on the
            // thread pool, which a one-case command would start for it (docs/design.md §27). A pipe or a device is read as before.
            return await ReadAllAsync(file, path, options.MaxDocumentBytes, cancellationToken, synchronous: file.CanSeek).ConfigureAwait(false);
        }
    }

    /// <summary>Reads a whole input, refusing one larger than <paramref name="limit"/> bytes; with <paramref name="synchronous"/>, with <see cref="Stream.Read(Span{byte})"/>.</summary>
    private static async Task<ReadOnlyMemory<byte>> ReadAllAsync(Stream input, string name, int limit, CancellationToken cancellationToken, bool synchronous = false)
    {
        var buffer = new byte[64 * 1024];
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length >= limit)
                    {
                        throw new CommandFailedException($"{name} is larger than {limit} bytes, the most read as one JSON document; give many cases as JSON Lines (--cases).");
                    }

                    Array.Resize(ref buffer, buffer.Length * 2);
                }

                int read;
                if (synchronous)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    read = input.Read(buffer.AsSpan(length));
                }
                else
                {
                    read = await input.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                }

                if (read == 0)
                {
                    return buffer.AsMemory(0, length);
                }

                length += read;
            }
        }
        catch (Exception exception) when (InputFailure.IsReadFailure(exception))
        {
            throw InputFailure.Create(name, exception);
        }
    }

    private static FileStream OpenCasesFile(string path)
    {
        if (Directory.Exists(path))
        {
            throw new CommandFailedException($"cannot read {path}: it is a directory; give a file of cases.");
        }

        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new CommandFailedException($"cannot read {path}: {exception.Message}", ExitCodes.Unusable, exception);
        }
    }
}

/// <summary>What <c>eval</c> was asked to do.</summary>
/// <param name="PolicyPath">The policy file, as given.</param>
/// <param name="CasePath">The single-case file, if any (<c>-</c>: standard input).</param>
/// <param name="CasesPath">The JSON Lines file, if any (<c>-</c>: standard input).</param>
/// <param name="Explain">Whether to print the readable account instead of JSON.</param>
internal sealed record EvalRequest(string PolicyPath, string? CasePath, string? CasesPath, bool Explain)
{
    /// <summary>The file to append a decision record per case to (<c>--record</c>), if any.</summary>
    public string? RecordPath { get; init; }

    /// <summary>Whether each record carries the explanation (<c>--record-explain</c>).</summary>
    public bool RecordExplain { get; init; }

    /// <summary>The evaluation clock for every case (<c>--now</c>); <c>null</c>: the clock.</summary>
    public DateTimeOffset? Now { get; init; }
}
