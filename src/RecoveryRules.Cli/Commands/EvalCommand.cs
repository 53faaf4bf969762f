using System.Buffers;
using System.CommandLine;
using System.Globalization;
using RecoveryRules.Cli.Batch;
using RecoveryRules.Cli.Input;
using RecoveryRules.Cli.Output;
using RecoveryRules.Diagnostics;
using RecoveryRules.Yaml;

namespace RecoveryRules.Cli.Commands;

/// <summary>
/// <c>recoveryrules eval --policy FILE [--case FILE | --cases FILE.jsonl] [--explain]</c>: evaluates
/// cases and prints one decision (or case error) per case, as JSON Lines or, with <c>--explain</c>,
/// as a readable account.
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
        };

        command.Validators.Add(result =>
        {
            if (result.GetResult(singleCase) is not null && result.GetResult(cases) is not null)
            {
                result.AddError("Give --case or --cases, not both.");
            }
        });

        command.SetAction((parseResult, cancellationToken) =>
        {
            var request = new EvalRequest(
                parseResult.GetRequiredValue(policy),
                parseResult.GetValue(singleCase),
                parseResult.GetValue(cases),
                parseResult.GetValue(explain));
            return RunAsync(request, streams, batchOptions, cancellationToken);
        });
        return command;
    }

    /// <summary>Runs an evaluation.</summary>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunAsync(EvalRequest request, StandardStreams streams, BatchOptions batchOptions, CancellationToken cancellationToken)
    {
        var compiled = PolicyYaml.CompileFile(request.PolicyPath);
        if (compiled.Policy is not { } policy)
        {
            DiagnosticLines.Write(streams.Error, compiled.Diagnostics, request.PolicyPath);
            var errors = compiled.Diagnostics.Count(d => d.IsError);
            streams.ReportError($"the policy {request.PolicyPath} has {errors} error{(errors == 1 ? string.Empty : "s")}; no case was evaluated.");
            return ExitCodes.Unusable;
        }

        DiagnosticLines.Write(streams.Error, compiled.Diagnostics, request.PolicyPath, DiagnosticSeverity.Warning);

        var evaluation = request.Explain ? EvaluationOptions.WithExplanation : EvaluationOptions.Default;
        Func<OutcomeWriter> createWriter = request.Explain ? () => new ExplanationOutcomeWriter() : () => new JsonLineOutcomeWriter();
        await streams.FlushOutAsync(cancellationToken).ConfigureAwait(false);

        BatchSummary summary;
        if (request.CasePath is { } casePath)
        {
            var document = await ReadDocumentAsync(casePath, streams, batchOptions, cancellationToken).ConfigureAwait(false);
            summary = await EvaluateDocumentAsync(policy, document, streams.Output, createWriter(), evaluation, single: true, cancellationToken).ConfigureAwait(false);
        }
        else if (request.CasesPath is { } casesPath)
        {
            if (casesPath == StandardInputName)
            {
                summary = await JsonLinesBatch.RunAsync(policy, streams.Input, InputFailure.StandardInput, streams.Output, createWriter, evaluation, batchOptions, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var file = OpenCasesFile(casesPath);
                await using (file.ConfigureAwait(false))
                {
                    summary = await JsonLinesBatch.RunAsync(policy, file, casesPath, streams.Output, createWriter, evaluation, batchOptions, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        else
        {
            bool isJsonLines;
            Stream input;
            try
            {
                (isJsonLines, input) = await StandardInputCases.DetectAsync(streams.Input, batchOptions.MaxLineBytes, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (InputFailure.IsReadFailure(exception))
            {
                throw InputFailure.Create(InputFailure.StandardInput, exception);
            }

            if (isJsonLines)
            {
                summary = await JsonLinesBatch.RunAsync(policy, input, InputFailure.StandardInput, streams.Output, createWriter, evaluation, batchOptions, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var document = await ReadAllAsync(input, InputFailure.StandardInput, batchOptions.MaxDocumentBytes, cancellationToken).ConfigureAwait(false);
                summary = await EvaluateDocumentAsync(policy, document, streams.Output, createWriter(), evaluation, single: false, cancellationToken).ConfigureAwait(false);
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
    /// Evaluates the values of a JSON document in order. <paramref name="single"/>: the document is one
    /// case (<c>--case</c>), so anything but exactly one JSON value is that case's error.
    /// </summary>
    private static async Task<BatchSummary> EvaluateDocumentAsync(
        RecoveryPolicy policy,
        ReadOnlyMemory<byte> document,
        Stream output,
        OutcomeWriter writer,
        EvaluationOptions evaluation,
        bool single,
        CancellationToken cancellationToken)
    {
        var evaluator = new CaseEvaluator(policy, writer, evaluation, int.MaxValue);
        var buffer = new ArrayBufferWriter<byte>(4096);
        var summary = default(BatchSummary);
        if (single)
        {
            // The core reads the whole file as one object and reports anything else (an empty file, two objects) as RR0400.
            if (document.Span.StartsWith("\uFEFF"u8))
            {
                document = document[3..];
            }

            summary += new BatchSummary(1, evaluator.Evaluate(document, 1, buffer) ? 0 : 1);
            await WriteAsync(output, buffer, cancellationToken).ConfigureAwait(false);
            return summary;
        }

        foreach (var part in JsonValueSequence.Split(document))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (part.Error is { } error)
            {
                writer.WriteError(buffer, part.Line, error);
                summary += new BatchSummary(1, 1);
            }
            else
            {
                summary += new BatchSummary(1, evaluator.Evaluate(part.Json, part.Line, buffer) ? 0 : 1);
            }

            if (buffer.WrittenCount >= 64 * 1024)
            {
                await WriteAsync(output, buffer, cancellationToken).ConfigureAwait(false);
            }
        }

        await WriteAsync(output, buffer, cancellationToken).ConfigureAwait(false);
        return summary;
    }

    private static async Task WriteAsync(Stream output, ArrayBufferWriter<byte> buffer, CancellationToken cancellationToken)
    {
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
            return await ReadAllAsync(file, path, options.MaxDocumentBytes, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads a whole input, refusing one larger than <paramref name="limit"/> bytes.</summary>
    private static async Task<ReadOnlyMemory<byte>> ReadAllAsync(Stream input, string name, int limit, CancellationToken cancellationToken)
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

                var read = await input.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
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
internal sealed record EvalRequest(string PolicyPath, string? CasePath, string? CasesPath, bool Explain);
