namespace OrleansRecsys;

/// <summary>Where a batch run stands.</summary>
[GenerateSerializer, Alias("recsys.BatchRunState")]
public enum BatchRunState : byte
{
    Running = 0,
    Completed = 1,

    /// <summary>The run stopped: its model lost its stable version, or the version changed under it.</summary>
    Failed = 2,
}
