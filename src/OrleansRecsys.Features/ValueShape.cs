namespace OrleansRecsys.Features;

/// <summary>What a feature's value looks like, which decides whether a model may use it.</summary>
public enum ValueShape
{
    Number,
    Label,
    Keyed,
    RecentList,
}
