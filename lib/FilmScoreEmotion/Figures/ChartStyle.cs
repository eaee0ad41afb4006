using Microsoft.FSharp.Core;
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

    /// <summary>Symmetric y error bars (one value per point).</summary>
    public static GenericChart WithStdErrorBars(this GenericChart chart, IEnumerable<double> errors)
    {
        var error = Plotly.NET.TraceObjects.Error.init<double, double>(
            FSharpOption<bool>.Some(true), FSharpOption<StyleParam.ErrorType>.Some(StyleParam.ErrorType.Data), null,
            FSharpOption<IEnumerable<double>>.Some(errors.ToArray()), null, null, null, null, null, null, null, null, null, null, null);
        return Chart.withYError(error).Invoke(chart);
    }
}
