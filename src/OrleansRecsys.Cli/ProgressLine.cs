using System.Diagnostics;

namespace OrleansRecsys.Cli;

/// <summary>One progress line on stderr: rewritten in place on a terminal, a line a second when redirected.</summary>
internal sealed class ProgressLine(TextWriter error)
{
    private readonly bool _inPlace = !Console.IsErrorRedirected;
    private readonly Stopwatch _since = Stopwatch.StartNew();
    private bool _first = true;

    public void Update(string text, bool final)
    {
        var interval = TimeSpan.FromMilliseconds(_inPlace ? 200 : 1000);
        if (!final && !_first && _since.Elapsed < interval)
        {
            return;
        }

        _first = false;
        _since.Restart();
        if (_inPlace)
        {
            error.Write("\r" + text.PadRight(72));
            if (final)
            {
                error.WriteLine();
            }
        }
        else
        {
            error.WriteLine(text);
        }
    }
}
