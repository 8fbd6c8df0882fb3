namespace OrleansRecsys;

/// <summary>JWT roles (the <c>roles</c> claim). Admin implies all others.</summary>
public static class Roles
{
    public const string Score = "recsys.score";
    public const string Read = "recsys.read";
    public const string Ingest = "recsys.ingest";
    public const string Admin = "recsys.admin";
}
