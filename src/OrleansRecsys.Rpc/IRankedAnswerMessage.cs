using Google.Protobuf.Collections;

namespace OrleansRecsys.Rpc;

/// <summary>
/// What the gRPC rank answer and recommendations answer have in common: the scoring version, the fallback reason
/// (both optional) and the ranked items. The generated messages take it on through their partial declarations in
/// <c>V1/</c>, so <see cref="RpcMapping"/> fills these fields in one place for both.
/// </summary>
internal interface IRankedAnswerMessage
{
    string Version { get; set; }

    string FallbackReason { get; set; }

    RepeatedField<V1.RankedItem> Items { get; }
}
