var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.Run();

/// <summary>The example service (public for WebApplicationFactory).</summary>
public partial class Program;
