namespace OrleansRecsys.Cli;

/// <summary>Parses the command line, dispatches to a command group and maps failures to messages and exit codes.</summary>
internal static class RecsysCtl
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int BadUsage = 2;
    public const int Cancelled = 130;

    /// <param name="http">Sends the API requests (a socket handler when null).</param>
    public static async Task<int> RunAsync(string[] argv, TextWriter output, TextWriter error, CancellationToken cancellation, HttpMessageHandler? http = null)
    {
        try
        {
            var args = Args.Parse(argv);
            if (args.Positionals.Count == 0 || args.Positionals[0] == "help" || args.Flag("help"))
            {
                output.WriteLine(Usage.Text);
                return Ok;
            }

            using var ctx = new CliContext(args, output, error, cancellation, http);
            return await DispatchAsync(ctx);
        }
        catch (UsageException ex)
        {
            error.WriteLine($"error: {ex.Message}");
            error.WriteLine();
            error.WriteLine(Usage.Text);
            return BadUsage;
        }
        catch (ApiException ex)
        {
            error.WriteLine($"error: {ex.Status} {ex.Title}: {ex.Detail}");
            return Failed;
        }
        catch (CliException ex)
        {
            error.WriteLine($"error: {ex.Message}");
            return Failed;
        }
        catch (HttpRequestException ex)
        {
            var hint = ex.InnerException is System.Security.Authentication.AuthenticationException
                ? $" (a certificate from a private CA needs --ca-file or {CaTrust.EnvironmentVariable})"
                : "";
            error.WriteLine($"error: cannot reach the API: {ex.Message}{hint}");
            return Failed;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            error.WriteLine("error: cancelled");
            return Cancelled;
        }
        catch (TaskCanceledException)
        {
            error.WriteLine("error: the request timed out");
            return Failed;
        }
        catch (IOException ex)
        {
            error.WriteLine($"error: {ex.Message}");
            return Failed;
        }
    }

    private static Task<int> DispatchAsync(CliContext ctx) => ctx.Args.Positionals[0] switch
    {
        "rollout" => RolloutCommands.RunAsync(ctx),
        "retraining" => RetrainingCommands.RunAsync(ctx),
        "models" => ModelsCommands.RunAsync(ctx),
        "features" => FeaturesCommands.RunAsync(ctx),
        "catalogue" => CatalogueCommands.RunAsync(ctx),
        "rank" => RankCommand.RunAsync(ctx),
        "batch" => BatchCommands.RunAsync(ctx),
        "recommendations" => RecommendationsCommand.RunAsync(ctx),
        "token" => TokenCommand.RunAsync(ctx),
        "train" => TrainCommand.RunAsync(ctx),
        "simulate" => SimulateCommand.RunAsync(ctx),
        "report" => ReportCommand.RunAsync(ctx),
        "dev" => DevCommand.RunAsync(ctx),
        "export-training" => ExportTrainingCommand.RunAsync(ctx),
        "backfill" => BackfillCommand.RunAsync(ctx),
        "evaluate" => EvaluateCommand.RunAsync(ctx),
        var other => throw new UsageException($"unknown command '{other}'"),
    };
}
