namespace OrleansRecsys.Grains.Retraining;

/// <summary>What the soak decided: keep waiting (<see cref="Decided"/> false), or promote or roll back, with the reason and the CTR difference.</summary>
internal sealed record SoakVerdict(bool Decided, bool Promote, string Reason, Interval? CtrDifference)
{
    public static readonly SoakVerdict Wait = new(false, false, "soaking", null);
}
