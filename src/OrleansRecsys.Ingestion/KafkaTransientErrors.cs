using Confluent.Kafka;
using ErrorCode = Confluent.Kafka.ErrorCode;

namespace OrleansRecsys.Ingestion;

/// <summary>
/// Which Kafka errors are worth another attempt: they describe a moment (a full local queue, a leader or coordinator
/// moving, a timeout), not the message or the configuration. Rebalance errors on commit are not here: a commit during a
/// rebalance waits for the next checkpoint instead (see <c>Checkpointer</c>).
/// </summary>
internal static class KafkaTransientErrors
{
    public static bool IsTransient(Exception exception) => exception is KafkaException kafka && IsTransient(kafka.Error.Code);

    public static bool IsTransient(ErrorCode code) => code is ErrorCode.Local_QueueFull or ErrorCode.Local_Transport or ErrorCode.Local_AllBrokersDown
        or ErrorCode.Local_TimedOut or ErrorCode.Local_MsgTimedOut or ErrorCode.RequestTimedOut or ErrorCode.LeaderNotAvailable
        or ErrorCode.NotLeaderForPartition or ErrorCode.NotEnoughReplicas or ErrorCode.NotEnoughReplicasAfterAppend
        or ErrorCode.GroupLoadInProgress or ErrorCode.GroupCoordinatorNotAvailable or ErrorCode.NotCoordinatorForGroup
        or ErrorCode.NetworkException or ErrorCode.BrokerNotAvailable;
}
