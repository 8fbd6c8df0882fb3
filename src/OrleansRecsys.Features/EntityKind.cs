namespace OrleansRecsys.Features;

/// <summary>Whose state a feature describes: a user, an item, or a user and a candidate item together.</summary>
public enum EntityKind
{
    User,
    Item,
    Cross,
}
