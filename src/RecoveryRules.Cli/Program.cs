using RecoveryRules.Cli;

return await CommandLine.InvokeAsync(
    args,
    Console.OpenStandardInput(),
    Console.OpenStandardOutput(),
    Console.Error);
