namespace OrleansRecsys;

public static class PopularityKeys
{
    public const string Global = "global";

    public static string Category(string category) => "category:" + category;
}
