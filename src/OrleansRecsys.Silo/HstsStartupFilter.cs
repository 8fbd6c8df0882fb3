using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace OrleansRecsys.Silo;

/// <summary>
/// Puts HSTS first in the pipeline (outside the local profile), so a browser that once reached the grid over HTTPS
/// never falls back to plain http. The middleware only answers HTTPS requests and skips loopback host names.
/// </summary>
internal sealed class HstsStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseHsts();
        next(app);
    };
}
