using Microsoft.AspNetCore.Http;

namespace OrleansRecsys.Api;

/// <summary>
/// The multipart form of POST /v1/models/{name}/versions as the OpenAPI document shows it. The handler reads the parts
/// itself, so that each missing part is a 400 naming it; <c>manifest</c> may also be sent as a plain form field.
/// </summary>
internal sealed record ModelUploadForm(IFormFile Model, IFormFile Manifest);
