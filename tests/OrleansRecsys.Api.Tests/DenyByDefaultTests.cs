using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace OrleansRecsys.Api.Tests;

public sealed class DenyByDefaultTests
{
    [Fact]
    public async Task An_endpoint_mapped_without_a_policy_still_refuses_anonymous_callers()
    {
        await using var host = await ApiTestHost.StartAsync(mapMore: app => app.MapGet("/v1/added-later", () => "reached"));

        var anonymous = await host.Client.GetAsync("/v1/added-later");
        var authenticated = await host.Client.SendAsync(ApiTestHost.Authorized(HttpMethod.Get, "/v1/added-later", Roles.Read));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, authenticated.StatusCode);
    }

    [Fact]
    public async Task Only_probes_metrics_the_api_document_and_the_console_files_are_anonymous_and_every_other_endpoint_names_a_role()
    {
        await using var host = await ApiTestHost.StartAsync();
        var endpoints = host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();

        var anonymous = endpoints.Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is not null).Select(e => e.RoutePattern.RawText ?? "").Order().ToArray();
        var unprotected = endpoints.Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is null
            && !e.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy is not null)).Select(e => e.RoutePattern.RawText ?? "").ToArray();

        Assert.Equal(["/console/{file?}", "/health/live", "/health/ready", "/metrics", "/openapi/{documentName}.json"], anonymous);
        Assert.Empty(unprotected);
    }
}
