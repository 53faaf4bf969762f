using System.Runtime.CompilerServices;

// The CLI tests run the command line in-process and check every diagnostic it prints against its
// text (tests/RecoveryRules.Cli.Tests/DiagnosticLocationCheck.cs), through DiagnosticLocations.Observer.
[assembly: InternalsVisibleTo("RecoveryRules.Cli.Tests")]
