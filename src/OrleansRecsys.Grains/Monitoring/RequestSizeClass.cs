namespace OrleansRecsys.Grains.Monitoring;

/// <summary>
/// Request sizes (candidate rows) in classes a quarter of a doubling wide: class ⌊4·log2(rows)⌋, so the sizes within a
/// class differ by less than 19%. Guardrails compare the arms only within a class, because scoring time per row falls as
/// a request grows (each run has a fixed cost) and failures can depend on size, while a caller chooses its sizes.
/// </summary>
internal static class RequestSizeClass
{
    /// <summary>Classes 0..39 cover 1..<see cref="RequestLimits.MaxCandidates"/> rows (4·log2(1000) ≈ 39.9).</summary>
    public const int Count = 40;

    public static int Of(int rows) => rows <= 1 ? 0 : Math.Min((int)Math.Floor(4 * Math.Log2(rows)), Count - 1);
}
