namespace OrleansRecsys.Cli.Tests;

/// <summary>Runs recsysctl in-process against a fake API with a fixed endpoint and token.</summary>
internal sealed record Run(int ExitCode, string Out, string Error)
{
    public const string Endpoint = "http://grid.test:5080";

    public static async Task<Run> Against(HttpMessageHandler api, params string[] argv)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        string[] withGlobals = ["--endpoint", Endpoint, "--token", "test-token", .. argv];
        var code = await RecsysCtl.RunAsync(withGlobals, output, error, CancellationToken.None, api);
        return new Run(code, output.ToString(), error.ToString());
    }

    public static Task<Run> Offline(params string[] argv) => Against(new FakeApi(), argv);
}
