using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using FilmScoreEmotion.Figures;
using FilmScoreEmotion.IO;

namespace FilmScoreEmotion.Experiments;

/// <summary>One number of the paper placed beside ours: what it measures, under which protocol, on which corpus.</summary>
public sealed record ComparisonRow(string Figure, string Quantity, string Paper, string Ours, string Protocol, string Corpus, string Note = "");

/// <summary>Each notebook records its comparison rows under <c>results/summary/</c>; <c>fse reproduce</c> gathers
/// them into <c>results/REPORT.md</c>.</summary>
public static class PaperComparison
{
    public const string Folder = "summary";

    static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Record(ReproduceSettings settings, string key, IReadOnlyList<ComparisonRow> rows)
    {
        var path = Path.Combine(settings.ResultsDirectory, Folder, key + ".json");
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(rows, Json));
        return path;
    }

    /// <summary>Forgets every recorded row, so that a full reproduction's REPORT.md holds only what its own notebooks
    /// recorded, not the figures of a section that has since been renamed or removed.</summary>
    public static void Clear(string resultsDirectory)
    {
        var folder = Path.Combine(resultsDirectory, Folder);
        if (Directory.Exists(folder))
            foreach (var file in Directory.EnumerateFiles(folder, "*.json"))
                File.Delete(file);
    }

    public static IReadOnlyList<ComparisonRow> ReadAll(string resultsDirectory)
    {
        var folder = Path.Combine(resultsDirectory, Folder);
        if (!Directory.Exists(folder))
            return [];
        // Figures in the paper's order (fig01 ... fig11), then the rest (captions).
        return Directory.EnumerateFiles(folder, "*.json").OrderBy(f => Path.GetFileName(f).StartsWith("fig", StringComparison.Ordinal) ? 0 : 1).ThenBy(f => f, StringComparer.Ordinal)
            .SelectMany(f => JsonSerializer.Deserialize<List<ComparisonRow>>(File.ReadAllText(f)) ?? throw new InvalidDataException($"{f}: not a list of comparison rows"))
            .ToList();
    }

    /// <summary>The rows as an HTML table for a notebook's closing cell.</summary>
    public static string Html(IEnumerable<ComparisonRow> rows)
    {
        var sb = new StringBuilder("<table><tr><th>figure</th><th>quantity</th><th>paper</th><th>ours</th><th>protocol</th><th>corpus</th><th>note</th></tr>");
        foreach (var r in rows)
            sb.Append(CultureInfo.InvariantCulture, $"<tr>{string.Concat(new[] { r.Figure, r.Quantity, r.Paper, r.Ours, r.Protocol, r.Corpus, r.Note }.Select(c => $"<td>{WebUtility.HtmlEncode(c)}</td>"))}</tr>");
        return sb.Append("</table>").ToString();
    }

    /// <summary>results/REPORT.md: every figure with the paper's number, ours, the protocol and the corpus.</summary>
    public static string Readme(IReadOnlyList<ComparisonRow> rows, ReproduceSettings settings, TimeSpan elapsed, IReadOnlyList<RunGroup> runs)
    {
        static string Cell(string s) => s.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
        var sb = new StringBuilder();
        sb.AppendLine("# Reproduction results");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Made by `fse reproduce --profile {EnumNames.Lower(settings.Profile)}` on {CorpusSetup.DisplayName(settings)}, device {EnumNames.Lower(settings.Device)}, in {elapsed.TotalMinutes:F1} min. Figures are the `fig*.html` files (open offline), the numbers behind each are the `.csv` of the same name, and the executed notebooks are in `notebooks/`.");
        sb.AppendLine();
        sb.AppendLine("| figure | quantity | paper | ours | protocol | corpus | note |");
        sb.AppendLine("| --- | --- | --- | --- | --- | --- | --- |");
        foreach (var r in rows)
            sb.AppendLine($"| {Cell(r.Figure)} | {Cell(r.Quantity)} | {Cell(r.Paper)} | {Cell(r.Ours)} | {Cell(r.Protocol)} | {Cell(r.Corpus)} | {Cell(r.Note)} |");
        if (runs.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine("## Every training run");
            sb.AppendLine();
            sb.AppendLine(runs.Any(g => g.Capped > 0)
                ? "Runs in bold hit the epoch cap before early stopping ended them: their models may not have converged."
                : "Every run was ended by early stopping on its validation part, none by the epoch cap.");
            sb.AppendLine();
            sb.Append(RunSummary.Markdown(runs));
        }
        return sb.ToString();
    }
}
