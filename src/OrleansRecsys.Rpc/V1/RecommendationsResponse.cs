namespace OrleansRecsys.Rpc.V1;

/// <summary>The generated recommendations answer, marked as a ranked answer so its shared fields are mapped with the rank one.</summary>
public sealed partial class RecommendationsResponse : IRankedAnswerMessage;
