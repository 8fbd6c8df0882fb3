using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace OrleansRecsys.Api;

/// <summary>Request bodies as the OpenAPI document shows them.</summary>
internal static class RequestBodies
{
    /// <summary>
    /// Describes the body in the OpenAPI document only. <c>Accepts&lt;T&gt;</c> would also make routing answer a wrong
    /// content type with a bare 415 before the handler, and refuse JSON types the API takes (<c>text/json</c>,
    /// <c>application/x+json</c>); the handlers read bodies themselves so that each problem carries its detail.
    /// </summary>
    public static RouteHandlerBuilder DescribesBody<TBody>(this RouteHandlerBuilder builder, string contentType = "application/json") =>
        builder.AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
        {
            var schema = await context.GetOrCreateSchemaAsync(typeof(TBody), null, cancellationToken);
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType> { [contentType] = new() { Schema = schema } },
            };
        });
}
