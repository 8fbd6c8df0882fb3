namespace OrleansRecsys.Grains.Retraining;

/// <summary>A trained candidate: its manifest, the path of its ONNX file and a line describing the data it was trained on.</summary>
public sealed record TrainedCandidate(ModelManifest Manifest, string OnnxPath, string Dataset);
