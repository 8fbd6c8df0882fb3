using System.Text;
using static System.FormattableString;

namespace OrleansRecsys.Training.Evaluation;

/// <summary>An SVG chart of a report: one panel per metric, a bar per ranker with its 95 % interval as a whisker.</summary>
public static class EvaluationPlot
{
    private const int PanelWidth = 260;
    private const int PanelHeight = 220;
    private const int Margin = 40;
    private static readonly string[] Colours = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948"];

    public static string Svg(EvaluationReport report)
    {
        var panels = new (string Title, Func<ScorerResult, MeanInterval> Pick)[]
        {
            ($"HR@{report.K}", r => r.HitRate), ($"NDCG@{report.K}", r => r.Ndcg), ("AUC", r => r.Auc),
        };
        var width = panels.Length * PanelWidth;
        var height = PanelHeight + 60;
        var svg = new StringBuilder();
        svg.Append(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"11\">\n"));
        svg.Append(Invariant($"<text x=\"8\" y=\"16\" font-size=\"13\">{report.Cases} held-out cases, {report.Users} users, {report.Negatives} negatives each; bars: mean, whiskers: 95 % interval</text>\n"));
        for (var p = 0; p < panels.Length; p++)
        {
            AppendPanel(svg, report, panels[p].Title, panels[p].Pick, p * PanelWidth);
        }

        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static void AppendPanel(StringBuilder svg, EvaluationReport report, string title, Func<ScorerResult, MeanInterval> pick, int left)
    {
        var top = 40;
        var plotHeight = PanelHeight - Margin;
        var baseline = top + plotHeight;
        var barSpace = (PanelWidth - Margin) / Math.Max(1, report.Results.Count);
        svg.Append(Invariant($"<text x=\"{left + (PanelWidth / 2)}\" y=\"{top - 8}\" text-anchor=\"middle\" font-weight=\"bold\">{title}</text>\n"));
        svg.Append(Invariant($"<line x1=\"{left + 20}\" y1=\"{baseline}\" x2=\"{left + PanelWidth - 10}\" y2=\"{baseline}\" stroke=\"#333\"/>\n"));
        svg.Append(Invariant($"<line x1=\"{left + 20}\" y1=\"{top}\" x2=\"{left + 20}\" y2=\"{baseline}\" stroke=\"#333\"/>\n"));
        svg.Append(Invariant($"<text x=\"{left + 16}\" y=\"{top + 4}\" text-anchor=\"end\">1</text><text x=\"{left + 16}\" y=\"{baseline}\" text-anchor=\"end\">0</text>\n"));
        for (var i = 0; i < report.Results.Count; i++)
        {
            var m = pick(report.Results[i]);
            var x = left + 28 + (i * barSpace);
            var barWidth = Math.Max(8, barSpace - 10);
            double Y(double v) => baseline - (Math.Clamp(v, 0, 1) * plotHeight);
            var centre = x + (barWidth / 2.0);
            svg.Append(Invariant($"<rect x=\"{x}\" y=\"{Y(m.Mean):F1}\" width=\"{barWidth}\" height=\"{baseline - Y(m.Mean):F1}\" fill=\"{Colours[i % Colours.Length]}\"/>\n"));
            svg.Append(Invariant($"<line x1=\"{centre:F1}\" y1=\"{Y(m.Low):F1}\" x2=\"{centre:F1}\" y2=\"{Y(m.High):F1}\" stroke=\"#000\" stroke-width=\"1.5\"/>\n"));
            svg.Append(Invariant($"<text x=\"{centre:F1}\" y=\"{Y(m.High) - 4:F1}\" text-anchor=\"middle\">{m.Mean:F3}</text>\n"));
            svg.Append(Invariant($"<text x=\"{centre:F1}\" y=\"{baseline + 14}\" text-anchor=\"middle\">{Escape(report.Results[i].Name)}</text>\n"));
        }
    }

    private static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
