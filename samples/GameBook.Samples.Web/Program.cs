var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.MapGet("/", () => "GameBook story server");
app.Run();

/// <summary>The web host's entry point, public so integration tests can start it with WebApplicationFactory.</summary>
public partial class Program;
