namespace OrleansRecsys.Inference.Explanations;

/// <summary>Scores <paramref name="rowCount"/> rows (row-major) into <paramref name="scores"/>: the shape of
/// <see cref="OnnxScorer.Score"/>, so explanations work with any loaded model and tests can pass a known function.</summary>
public delegate void RowScorer(float[] rows, int rowCount, Span<float> scores);
