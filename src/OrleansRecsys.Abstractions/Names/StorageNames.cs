namespace OrleansRecsys;

/// <summary>Grain storage provider names.</summary>
public static class StorageNames
{
    public const string Recsys = "recsys";
}
