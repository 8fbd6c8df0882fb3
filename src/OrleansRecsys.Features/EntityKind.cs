namespace OrleansRecsys.Features;

/// <summary>Whose state a feature describes: a user, an item, a user and a candidate item together, or the request itself
/// (context features, given with each rank or recommend request and never stored).</summary>
public enum EntityKind
{
    User,
    Item,
    Cross,
    Context,
}
