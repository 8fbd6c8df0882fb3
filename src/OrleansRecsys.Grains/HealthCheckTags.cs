namespace OrleansRecsys.Grains;

/// <summary>Tags of the hosts' ASP.NET Core health checks.</summary>
public static class HealthCheckTags
{
    /// <summary>Checks that must pass before a host takes traffic; <c>/health/ready</c> runs every check with this tag.</summary>
    public const string Ready = "ready";
}
