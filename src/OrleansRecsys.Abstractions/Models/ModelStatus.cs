namespace OrleansRecsys;

[GenerateSerializer, Alias("recsys.ModelStatus")]
public enum ModelStatus : byte
{
    Active = 0,
    Retired = 1,
}
