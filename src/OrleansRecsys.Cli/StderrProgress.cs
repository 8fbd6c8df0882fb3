namespace OrleansRecsys.Cli;

/// <summary>Reports progress on stderr synchronously, in order (unlike <see cref="Progress{T}"/>, which posts to the thread pool).</summary>
internal sealed class StderrProgress(TextWriter error) : IProgress<string>
{
    public void Report(string value) => error.WriteLine(value);
}
