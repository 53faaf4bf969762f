using Crm.Api;

// The example CRM service: see README.md beside this file and docs/embedding.md ("The example service").
CrmApplication.Create(args).Run();

/// <summary>The example service (public for WebApplicationFactory).</summary>
public partial class Program;
