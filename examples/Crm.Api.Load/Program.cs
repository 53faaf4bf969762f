using System.Globalization;
using Crm.Api.Load;

// A bounded load run against the example service: see README.md beside this file.
// Usage: Crm.Api.Load [--url http://127.0.0.1:5080/] [--warmup 5] [--duration 40] [--connections 16] [--edit policies/retail.policy.yaml]
var url = new Uri("http://127.0.0.1:5080/");
var duration = TimeSpan.FromSeconds(40);
var warmup = TimeSpan.Zero;
int connections = 16;
string? edit = null;
for (int i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--url": url = new Uri(args[i + 1].EndsWith('/') ? args[i + 1] : args[i + 1] + "/"); break;
        case "--duration": duration = TimeSpan.FromSeconds(double.Parse(args[i + 1], CultureInfo.InvariantCulture)); break;
        case "--warmup": warmup = TimeSpan.FromSeconds(double.Parse(args[i + 1], CultureInfo.InvariantCulture)); break;
        case "--connections": connections = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        case "--edit": edit = Path.GetFullPath(args[i + 1]); break;
        default:
            Console.Error.WriteLine($"Unknown option '{args[i]}': the options are --url, --warmup and --duration (seconds, at most 60 together), --connections and --edit (a policy file).");
            return 2;
    }
}

if (args.Length % 2 != 0)
{
    Console.Error.WriteLine($"The option '{args[^1]}' needs a value.");
    return 2;
}

Console.WriteLine($"load: {connections} connections for {warmup.TotalSeconds} s of warm-up and {duration.TotalSeconds} s measured against {url}recovery/decisions" + (edit is null ? "" : $", editing {edit} at half time"));
try
{
    LoadReport report = await LoadRun.RunAsync(new LoadOptions(url, duration, connections, edit, warmup), CancellationToken.None);
    Console.WriteLine(report);
    return report.Passed ? 0 : 1;
}
catch (ArgumentException exception)
{
    Console.Error.WriteLine(exception.Message);
    return 2;
}
