namespace OrleansRecsys;

public static class Variants
{
    public const string Stable = "stable";
    public const string Canary = "canary";
    public const string None = "none";
}
