using System.Globalization;
using System.Text;
using FilmScoreEmotion.Evaluation;
using FilmScoreEmotion.Experiments.Runs;
using FilmScoreEmotion.Models;
using FilmScoreEmotion.Spectra;

namespace FilmScoreEmotion.Experiments;

/// <summary>The runs of one (model, spectrogram, protocol): accuracy over folds or repeats, the epochs early stopping
/// ended them at, how many hit the epoch cap instead, and mean recall per class.</summary>
public sealed record RunGroup(
    ModelKind Model, SpectrogramKind Spectrogram, ProtocolKind Protocol, int Runs, double Mean, double Std, double MacroF1,
    int MinEpochs, int MaxEpochs, int Capped, string[] ClassNames, double[] Recall);

public static class RunSummary
{
    public static IReadOnlyList<RunGroup> Summarise(IEnumerable<RunResult> results) =>
        [.. results.GroupBy(r => (r.Run.Model, r.Run.Spectrogram, r.Run.Protocol)).Select(g =>
        {
            var acc = g.Select(r => r.Accuracy).ToArray();
            var mean = acc.Average();
            var std = acc.Length > 1 ? Math.Sqrt(acc.Sum(a => (a - mean) * (a - mean)) / (acc.Length - 1)) : 0;
            var classes = g.First().ClassNames;
            return new RunGroup(g.Key.Model, g.Key.Spectrogram, g.Key.Protocol, acc.Length, mean, std, g.Average(r => r.MacroF1),
                g.Min(r => r.Epochs), g.Max(r => r.Epochs), g.Count(r => !r.StoppedEarly), classes,
                [.. Enumerable.Range(0, classes.Length).Select(c => g.Average(r => r.Recall[c]))]);
        })];

    /// <summary>A Markdown table of the groups; a group with a run that hit the epoch cap is marked in bold.</summary>
    public static string Markdown(IReadOnlyList<RunGroup> groups)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| model | spectrogram | protocol | runs | accuracy (mean ± std) | macro F1 | epochs (stopped at) | hit the epoch cap | recall per class |");
        sb.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var g in groups)
        {
            var recall = string.Join(", ", g.ClassNames.Zip(g.Recall, (c, r) => string.Create(CultureInfo.InvariantCulture, $"{c} {r:F2}")));
            var capped = g.Capped == 0 ? "none" : $"**{g.Capped} of {g.Runs}**";
            var epochs = g.MinEpochs == g.MaxEpochs ? $"{g.MinEpochs}" : $"{g.MinEpochs}-{g.MaxEpochs}";
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {ModelCatalog.Name(g.Model)} | {SpectrogramKinds.Name(g.Spectrogram)} | {Protocols.Name(g.Protocol)} | {g.Runs} | {g.Mean:F3} ± {g.Std:F3} | {g.MacroF1:F3} | {epochs} | {capped} | {recall} |");
        }
        return sb.ToString();
    }
}
