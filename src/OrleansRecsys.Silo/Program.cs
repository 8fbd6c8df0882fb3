using OrleansRecsys.Api;
using OrleansRecsys.Silo;

var builder = RecsysHost.CreateBuilder(args);
var app = builder.Build();
app.MapRecsysApi();
app.RunWithStopBudget();

/// <summary>Entry point type, visible to tests.</summary>
public partial class Program;
