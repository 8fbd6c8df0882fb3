using OrleansRecsys.Security;

namespace OrleansRecsys.Cli.Tests;

/// <summary>Where recsysctl takes its token from when --token is not given.</summary>
public sealed class TokenSourceTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("recsysctl-tokens-").FullName;

    [Fact]
    public async Task A_token_file_is_read_and_sent_as_the_bearer_token()
    {
        var path = Path.Combine(_root, "token");
        File.WriteAllText(path, "  file-token\n");

        var (api, code, _) = await RunAsync("--token-file", path, "models", "list");

        Assert.NotEqual(RecsysCtl.BadUsage, code);
        Assert.Equal("Bearer file-token", Assert.Single(api.Requests).Authorization);
    }

    [Fact]
    public async Task A_missing_token_file_is_an_error_that_names_it_and_sends_nothing()
    {
        var path = Path.Combine(_root, "absent");

        var (api, code, error) = await RunAsync("--token-file", path, "models", "list");

        Assert.Equal(RecsysCtl.Failed, code);
        Assert.Equal($"error: token file {path} does not exist" + Environment.NewLine, error);
        Assert.Empty(api.Requests);
    }

    [Fact]
    public void The_nearest_recsys_directory_up_the_tree_holds_the_token()
    {
        var outer = Path.Combine(_root, TokenDefaults.DirectoryName);
        var project = Path.Combine(_root, "project");
        var inner = Path.Combine(project, TokenDefaults.DirectoryName);
        var deep = Path.Combine(project, "src", "deep");
        Directory.CreateDirectory(outer);
        Directory.CreateDirectory(inner);
        Directory.CreateDirectory(deep);
        File.WriteAllText(Path.Combine(inner, TokenDefaults.TokenFileName), "inner");

        Assert.Equal(inner, TokenFiles.NearestDirectory(deep));
        Assert.Equal(Path.Combine(inner, TokenDefaults.TokenFileName), TokenFiles.Nearest(deep, TokenDefaults.TokenFileName));
        Assert.Equal(outer, TokenFiles.NearestDirectory(_root));
        Assert.Null(TokenFiles.Nearest(_root, TokenDefaults.TokenFileName));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static async Task<(FakeApi Api, int Code, string Error)> RunAsync(params string[] argv)
    {
        var api = new FakeApi().RespondOk("[]");
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await RecsysCtl.RunAsync(["--endpoint", Run.Endpoint, .. argv], output, error, CancellationToken.None, api);
        return (api, code, error.ToString());
    }
}
