using OrleansRecsys.Security;

namespace OrleansRecsys.Cli;

/// <summary>What every command gets: its arguments, the global options resolved, the output writers and the API.</summary>
internal sealed class CliContext : IDisposable
{
    public const string DefaultEndpoint = "http://127.0.0.1:5080";

    public const string TokenEnvironmentVariable = "RECSYS_TOKEN";

    private readonly HttpMessageHandler? _http;
    private SocketsHttpHandler? _trusting;
    private ApiClient? _api;

    public CliContext(Args args, TextWriter output, TextWriter error, CancellationToken cancellation, HttpMessageHandler? http = null)
    {
        _http = http;
        Args = args;
        Out = output;
        Error = error;
        Cancellation = cancellation;
        Json = args.Flag("json");
        var endpoint = args.Option("endpoint") ?? Environment.GetEnvironmentVariable("RECSYS_ENDPOINT") ?? DefaultEndpoint;
        if (!Uri.TryCreate(endpoint.EndsWith('/') ? endpoint : endpoint + "/", UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new UsageException($"--endpoint must be an http(s) URL (got '{endpoint}')");
        }

        Endpoint = uri;
        CaFile = args.Option("ca-file") ?? Environment.GetEnvironmentVariable(CaTrust.EnvironmentVariable);
    }

    public Args Args { get; }
    public TextWriter Out { get; }
    public TextWriter Error { get; }
    public CancellationToken Cancellation { get; }
    public bool Json { get; }
    public Uri Endpoint { get; }

    /// <summary>--ca-file, else RECSYS_CA_FILE: the PEM authorities the grid's HTTPS certificate must chain to.</summary>
    public string? CaFile { get; }

    /// <summary>The HTTP API client, created on first use with the resolved token (and the --ca-file trust, unless a
    /// handler was given).</summary>
    public ApiClient Api => _api ??= new ApiClient(Endpoint, ResolveToken(), _http ?? (_trusting = CaTrust.HandlerFor(CaFile)));

    /// <summary>
    /// --token, else --token-file, else RECSYS_TOKEN, else the dev token in the nearest .recsys/ directory at or above the
    /// current one, else none. A flag beats the environment, which beats what lies on disk.
    /// </summary>
    public string? ResolveToken()
    {
        if (Args.Option("token") is { Length: > 0 } token)
        {
            return token;
        }

        if (Args.Option("token-file") is { Length: > 0 } tokenFile)
        {
            return TokenFiles.Read(tokenFile);
        }

        if (Environment.GetEnvironmentVariable(TokenEnvironmentVariable) is { Length: > 0 } env)
        {
            return env;
        }

        return TokenFiles.Nearest(Directory.GetCurrentDirectory(), TokenDefaults.TokenFileName) is { } path ? TokenFiles.Read(path) : null;
    }

    /// <summary>Prints the raw body with --json, otherwise parses it and renders it readably.</summary>
    public void Render<T>(string raw, Action<T> render)
    {
        if (Json)
        {
            Out.WriteLine(raw);
            return;
        }

        render(ApiClient.Parse<T>(raw));
    }

    public void Dispose()
    {
        _api?.Dispose();
        _trusting?.Dispose();
    }
}
