using Plotly.NET;
using Plotly.NET.CSharp;
using Chart = Plotly.NET.CSharp.Chart;

namespace FilmScoreEmotion.Figures;

/// <summary>Fig 11: listeners' recognition rates of the Musical Excerpts (Vieillard et al. 2008, as the paper quotes
/// them) beside the model's recall per emotion.</summary>
public static class HumanRecognition
{
    public static readonly IReadOnlyDictionary<string, double> Rates = new Dictionary<string, double>
    {
        ["happiness"] = 0.99,
        ["sadness"] = 0.84,
        ["fear"] = 0.72,
        ["peacefulness"] = 0.94,
    };

    public sealed record Row(string Emotion, double Human, double Model);

    public static GenericChart Bars(IReadOnlyList<Row> rows, string modelName, string title) =>
        Chart.Combine([
                Chart.Column<double, string, string>(rows.Select(r => r.Human).ToArray(), rows.Select(r => r.Emotion).ToArray(), Name: "listeners (Vieillard et al. 2008)"),
                Chart.Column<double, string, string>(rows.Select(r => r.Model).ToArray(), rows.Select(r => r.Emotion).ToArray(), Name: modelName),
            ])
            .Titled(title, "emotion", "recognition rate / recall");
}
