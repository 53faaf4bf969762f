using RecoveryRules.Cli;
using RecoveryRules.Cli.Input;

return await CommandLine.InvokeAsync(
    args,
    StandardInputSource.Open(),
    Console.OpenStandardOutput(),
    Console.Error);
