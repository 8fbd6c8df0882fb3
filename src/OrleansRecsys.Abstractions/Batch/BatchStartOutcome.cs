namespace OrleansRecsys;

[GenerateSerializer, Alias("recsys.BatchStartOutcome")]
public enum BatchStartOutcome : byte
{
    Started = 0,

    /// <summary>A run of the model is in progress (one at a time); the result carries it.</summary>
    AlreadyRunning = 1,

    /// <summary>The model has no stable version to precompute with.</summary>
    NoStableVersion = 2,
}
