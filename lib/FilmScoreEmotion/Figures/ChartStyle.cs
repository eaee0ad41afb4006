using Plotly.NET;
using Plotly.NET.CSharp;
using Chart = Plotly.NET.Chart;

namespace FilmScoreEmotion.Figures;

/// <summary>Titles and axis labels without Plotly.NET's F# optional parameters, which C# must otherwise spell out
/// one null at a time.</summary>
public static class ChartStyle
{
    public static GenericChart Titled(this GenericChart chart, string title, string? xTitle = null, string? yTitle = null)
    {
        var titled = Chart.withTitle(title, null).Invoke(chart);
        if (xTitle is not null)
            titled = titled.WithXAxisStyle<double, double, string>(TitleText: xTitle);
        if (yTitle is not null)
            titled = titled.WithYAxisStyle<double, double, string>(TitleText: yTitle);
        return titled;
    }
}
