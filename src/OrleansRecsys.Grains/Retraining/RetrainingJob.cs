namespace OrleansRecsys.Grains.Retraining;

/// <summary>What a run asks the workbench for: the candidate's name, the stable's input features, the history's time
/// ranges (fixed when the run started), and the directory the candidate's files go to.</summary>
public sealed record RetrainingJob(string Model, string Version, string[] Features, long TrainFromMs, long HoldoutFromMs, long DataUntilMs, string Directory);
