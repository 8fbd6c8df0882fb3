using OrleansRecsys.Api;
using OrleansRecsys.Rpc;
using OrleansRecsys.Silo;

if (args is [StateReencryption.Command, .. var rest])
{
    return await StateReencryption.RunAsync(rest, Console.Out);
}

if (args is [GrainKeyMigration.Command, .. var migrationArgs])
{
    return await GrainKeyMigration.RunAsync(migrationArgs, Console.Out);
}

var builder = RecsysHost.CreateBuilder(args);
var app = builder.Build();
app.MapRecsysApi();
app.MapRecsysGrpc();
app.RunWithStopBudget();
return 0;

/// <summary>Entry point type, visible to tests.</summary>
public partial class Program;
