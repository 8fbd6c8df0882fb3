namespace OrleansRecsys.Api;

/// <summary>Endpoint metadata of the routes <see cref="ManagementPort"/> keeps on the management port.</summary>
internal sealed class ManagementEndpointMetadata
{
    public static readonly ManagementEndpointMetadata Instance = new();

    private ManagementEndpointMetadata()
    {
    }
}
