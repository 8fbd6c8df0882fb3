namespace OrleansRecsys.Training;

/// <summary>What a time-bounded read of a topic fetched from the broker: the messages it read, and how many of those it
/// passed over for a message time outside the window (where the broker could not seek by time, or a producer's clock
/// put a message out of offset order).</summary>
public sealed class TopicReadTally
{
    public long Read { get; internal set; }

    public long PassedOver { get; internal set; }

    public long Kept => Read - PassedOver;
}
