using GameBook.Samples.Web.Operations;

var builder = WebApplication.CreateBuilder(args);
builder.AddOperations();
var app = builder.Build();
app.MapOperations();
app.Run();

/// <summary>The web host's entry point, public so integration tests can start it with WebApplicationFactory.</summary>
public partial class Program;
