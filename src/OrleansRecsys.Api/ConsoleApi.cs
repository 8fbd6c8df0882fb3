using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace OrleansRecsys.Api;

/// <summary>
/// <c>/console</c>: the rollout console's page and files. They are anonymous because they hold no data: every call the page
/// makes goes to <c>/v1</c> with the bearer token the user signs in with, and the API decides what it may see and do.
/// </summary>
internal static class ConsoleApi
{
    public const string Path = "/console";

    /// <summary>The file that tells the page how users sign in (<see cref="ConsoleSignIn"/>).</summary>
    public const string SignInFile = "sign-in.json";

    /// <summary>
    /// Scripts, styles and connections from this origin only (plus the OpenID Connect provider's, when the console signs
    /// in there), no inline script or style, no plugins, no framing, no form posts elsewhere: a name or reason that
    /// slipped through as markup still could not run.
    /// </summary>
    public static string ContentSecurityPolicy(ConsoleSignIn signIn) =>
        $"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'{(signIn.ProviderOrigin is { } provider ? " " + provider : "")}; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static void Map(WebApplication app)
    {
        // The page holds no data and no secrets (see the class summary), so it is anonymous by intent. The route also
        // matches the bare path, which routing does not tell apart from the one with a trailing slash.
        app.MapGet(Path + "/{file?}", Serve).AllowAnonymous().ExcludeFromDescription();
    }

    private static Results<FileContentHttpResult, JsonHttpResult<ConsoleSignIn>, StatusCodeHttpResult, RedirectHttpResult, NotFound> Serve(
        string? file, HttpContext context, IOptions<AuthOptions> auth, IOptions<ConsoleOptions> console)
    {
        var signIn = ConsoleSignIn.From(auth.Value, console.Value);
        // The page names its files relative to itself, so it must be addressed as a folder.
        if (string.IsNullOrEmpty(file) && !context.Request.Path.Value!.EndsWith('/'))
        {
            return TypedResults.Redirect(Path + "/");
        }

        SetHeaders(context.Response.Headers, signIn);
        if (file == SignInFile)
        {
            return TypedResults.Json(signIn);
        }

        if (ConsoleAssets.Find(string.IsNullOrEmpty(file) ? ConsoleAssets.Index : file) is not { } asset)
        {
            return TypedResults.NotFound();
        }

        context.Response.Headers.ETag = asset.ETag;
        if (context.Request.Headers.IfNoneMatch == asset.ETag)
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        return TypedResults.File(asset.Content, asset.ContentType);
    }

    private static void SetHeaders(IHeaderDictionary headers, ConsoleSignIn signIn)
    {
        headers.ContentSecurityPolicy = ContentSecurityPolicy(signIn);
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        // Revalidate every time: a new build of the grid must never run against the old script of a cached page.
        headers.CacheControl = "no-cache";
    }
}
