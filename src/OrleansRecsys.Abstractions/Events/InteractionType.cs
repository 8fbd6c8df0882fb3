namespace OrleansRecsys;

[GenerateSerializer, Alias("recsys.InteractionType")]
public enum InteractionType : byte
{
    View = 0,
    Click = 1,
    AddToCart = 2,
    Purchase = 3,
}
