namespace OrleansRecsys;

/// <summary>Batch run ids, <c>{model}-run-{sequence}</c>: the coordinator of a run is found from its id alone.</summary>
public static class BatchRunIds
{
    private const string Separator = "-run-";

    public static string Format(string model, long sequence) => $"{model}{Separator}{sequence}";

    /// <summary>The model and sequence of <paramref name="runId"/>; false when it is not a run id.</summary>
    public static bool TryParse(string? runId, out string model, out long sequence)
    {
        model = "";
        sequence = 0;
        var at = runId?.LastIndexOf(Separator, StringComparison.Ordinal) ?? -1;
        if (at <= 0 || !long.TryParse(runId.AsSpan(at + Separator.Length), System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out sequence) || sequence < 1)
        {
            return false;
        }

        model = runId![..at];
        return ModelNames.IsValid(model);
    }
}
