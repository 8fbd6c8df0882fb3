namespace OrleansRecsys.Rpc.V1;

/// <summary>The generated rank answer, marked as a ranked answer so its shared fields are mapped with the recommendations one.</summary>
public sealed partial class RankResponse : IRankedAnswerMessage;
