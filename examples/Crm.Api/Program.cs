using Crm.Api;
using Microsoft.Extensions.Options;

// The example CRM service: see README.md beside this file and docs/embedding.md ("The example service").
WebApplication app = CrmApplication.Create(args);
try
{
    app.Run();
    return 0;
}
catch (OptionsValidationException exception)
{
    // A policy that does not compile, or that the ticket mapping does not fit: the service does not start,
    // and says why, one diagnostic a line (path(line,col): error RRnnnn: message).
    Console.Error.WriteLine("The service did not start:");
    foreach (string failure in exception.Failures)
    {
        Console.Error.WriteLine(failure);
    }

    return 1;
}

/// <summary>The example service (public for WebApplicationFactory).</summary>
public partial class Program;
