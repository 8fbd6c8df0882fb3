namespace OrleansRecsys.Cli;

/// <summary>
/// A job the API runs in the background and reports on at its own address under one collection (a batch run, an online
/// backfill): how recsysctl starts one and follows it with <c>--wait</c>, shows one, and lists them. The commands differ
/// only in the collection, the status they read and how they print it, so the polling lives here once.
/// </summary>
/// <param name="collection">The jobs' collection, such as <c>v1/batch/runs</c>; POST starts one, GET lists them.</param>
/// <param name="id">The job's id: its address is the collection's plus the id.</param>
/// <param name="running">Whether the job is still going (<c>--wait</c> polls while it is).</param>
/// <param name="progress">The line <c>--wait</c> writes to stderr before each poll.</param>
/// <param name="print">How one job's status reads, as the last output of start and of status.</param>
internal sealed class PolledJob<TStatus>(
    string collection,
    Func<TStatus, string> id,
    Func<TStatus, bool> running,
    Func<TStatus, string> progress,
    Action<TextWriter, TStatus> print)
{
    /// <summary>How often <c>--wait</c> asks for progress.</summary>
    private static readonly TimeSpan PollEvery = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Posts <paramref name="body"/> to start a job; with <paramref name="wait"/>, polls it until it has ended, with its
    /// progress on stderr. Prints the last status read and answers it, for the command's exit code.
    /// </summary>
    public async Task<TStatus> StartAsync(CliContext ctx, object body, bool wait)
    {
        var raw = await ctx.Api.PostJsonAsync(collection, body, ctx.Cancellation);
        var status = ApiClient.Parse<TStatus>(raw);
        while (wait && running(status))
        {
            ctx.Error.WriteLine(progress(status));
            await Task.Delay(PollEvery, ctx.Cancellation);
            raw = await ctx.Api.GetAsync(PathOf(id(status)), ctx.Cancellation);
            status = ApiClient.Parse<TStatus>(raw);
        }

        ctx.Render<TStatus>(raw, last => print(ctx.Out, last));
        return status;
    }

    /// <summary>Prints the job <paramref name="jobId"/>.</summary>
    public async Task ShowAsync(CliContext ctx, string jobId) =>
        ctx.Render<TStatus>(await ctx.Api.GetAsync(PathOf(jobId), ctx.Cancellation), status => print(ctx.Out, status));

    /// <summary>Prints the jobs as a table, a row each (<paramref name="query"/>, when not empty, filters them: <c>?model=...</c>).</summary>
    public async Task ListAsync(CliContext ctx, string query, string[] columns, Func<TStatus, string?[]> row) =>
        ctx.Render<TStatus[]>(await ctx.Api.GetAsync(collection + query, ctx.Cancellation), jobs =>
        {
            var table = new Table(columns);
            foreach (var job in jobs)
            {
                table.Add(row(job));
            }

            table.Write(ctx.Out);
        });

    private string PathOf(string jobId) => $"{collection}/{ApiClient.Segment(jobId)}";
}
