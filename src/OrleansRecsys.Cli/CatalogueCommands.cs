namespace OrleansRecsys.Cli;

/// <summary><c>catalogue show|apply</c> over /v1/features/catalogue: the grid's catalogue version and a grid-wide reload.</summary>
internal static class CatalogueCommands
{
    /// <summary>How often <c>catalogue apply --wait</c> asks which version the silos serve.</summary>
    private static readonly TimeSpan PollEvery = TimeSpan.FromSeconds(1);

    public static Task<int> RunAsync(CliContext ctx)
    {
        var verb = ctx.Args.Positional(1, "catalogue command (show|apply)");
        return verb switch
        {
            "show" => ShowAsync(ctx),
            "apply" => ApplyAsync(ctx),
            _ => throw new UsageException($"unknown catalogue command '{verb}'"),
        };
    }

    private static async Task<int> ShowAsync(CliContext ctx)
    {
        ctx.Args.Allow();
        ctx.Args.MaxPositionals(2);
        ctx.Render<CatalogStatus>(await ctx.Api.GetAsync("v1/features/catalogue", ctx.Cancellation), status => Print(ctx.Out, status));
        return 0;
    }

    /// <summary>Sends the file as the next version; with --wait, returns once every reporting silo serves it.</summary>
    private static async Task<int> ApplyAsync(CliContext ctx)
    {
        ctx.Args.Allow("wait");
        var path = ctx.Args.Positional(2, "FILE");
        ctx.Args.MaxPositionals(3);
        if (!File.Exists(path))
        {
            throw new UsageException($"catalogue file '{path}' does not exist");
        }

        var content = new StringContent(await File.ReadAllTextAsync(path, ctx.Cancellation), System.Text.Encoding.UTF8, "application/json");
        var result = ApiClient.Parse<CatalogUpdateResult>(await ctx.Api.SendAsync(HttpMethod.Put, "v1/features/catalogue", content, ctx.Cancellation));
        ctx.Out.WriteLine(result.Status == CatalogUpdateStatus.Unchanged
            ? $"the grid already serves catalogue version {result.Version}"
            : $"catalogue version {result.Version} stored; silos adopt it within a refresh");
        if (!ctx.Args.Flag("wait"))
        {
            return 0;
        }

        var status = ApiClient.Parse<CatalogStatus>(await ctx.Api.GetAsync("v1/features/catalogue", ctx.Cancellation));
        while (status.Silos.Length == 0 || status.Silos.Any(s => s.Version < result.Version))
        {
            ctx.Error.WriteLine($"{status.Silos.Count(s => s.Version >= result.Version)}/{status.Silos.Length} silos serve version {result.Version}");
            await Task.Delay(PollEvery, ctx.Cancellation);
            status = ApiClient.Parse<CatalogStatus>(await ctx.Api.GetAsync("v1/features/catalogue", ctx.Cancellation));
        }

        Print(ctx.Out, status);
        return 0;
    }

    private static void Print(TextWriter output, CatalogStatus status)
    {
        Table.KeyValues(output,
        [
            ("version", status.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("stored", status.AdoptedAt is { } at ? $"{Format.Time(at)} by {status.Who}" : "-"),
            ("features", status.Features.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ]);
        var table = new Table("silo", "serves", "reported");
        foreach (var silo in status.Silos)
        {
            table.Add(silo.Silo, silo.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), Format.Time(silo.ReportedAt));
        }

        table.Write(output);
    }
}
