using FilmScoreEmotion.Audio;
using FilmScoreEmotion.Captions;
using FilmScoreEmotion.Corpus;
using FilmScoreEmotion.Evaluation;
using FilmScoreEmotion.Tests.BadInput;
using FilmScoreEmotion.Tests.Foundation;
using TorchSharp;

namespace FilmScoreEmotion.Tests.Captions;

/// <summary>`fse check` end to end with the small model of <see cref="CaptionCommandTests"/>: its figures are the
/// library's for the same pieces, so a kept-aside set scored with the command is scored as notebook 10 scores its
/// sets. Its refusals are in the bad-input suite (`BadLabelTests`).</summary>
public sealed class CheckCommandTests : IClassFixture<CaptionCommandTests.TinyModel>, IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("fse-check-").FullName;
    readonly CaptionCommandTests.TinyModel tiny;

    public CheckCommandTests(CaptionCommandTests.TinyModel tiny) => this.tiny = tiny;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void ScoresEachPieceAsTheLibraryDoesAndWritesItsCsv()
    {
        (string File, string Label, double Hz)[] pieces =
            [("low.wav", "sad", 110), ("high.wav", "happiness", 880), ("sub/mid.wav", "sadness", 330), ("chord, soft.wav", "peaceful", 523)];
        foreach (var (file, _, hz) in pieces)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(dir, file))!);
            WavWriter.WritePcm16(Path.Combine(dir, file), BadInputFiles.Signal(8, hz), 16000);
        }
        var labels = Path.Combine(dir, "labels.csv");
        File.WriteAllText(labels, "file,emotion,keyword\n" + string.Concat(pieces.Select(p => $"{Csv.Quote(p.File)},{p.Label},\"slow, low\"\n")));
        var csv = Path.Combine(dir, "out", "pieces.csv");
        Directory.CreateDirectory(Path.GetDirectoryName(csv)!);

        var r = CliProcess.Run("check", "--labels", labels, "--model", tiny.Json, "--output", csv, "--device", "cpu");
        Assert.True(r.ExitCode == 0, r.StdErr);

        var read = RealMusicCheck.ReadLabels(labels);
        using var model = SavedModel.Load(tiny.Folder, "tiny", torch.CPU);
        var heard = read.Select(p => (p, CaptionPipeline.Run(Path.Combine(dir, p.File), model, RealMusicCheck.Config, torch.CPU, workers: Environment.ProcessorCount))).ToList();
        var expected = heard.Select(h => RealMusicCheck.Score(h.p, h.Item2)).ToList();
        var rows = Csv.Parse(File.ReadAllText(csv), csv);
        Assert.Equal(["file", "emotion", "keyword", "answer", "right", "seconds", "windows", "windowShare", "labelProbability"], rows[0]);
        Assert.Equal(pieces.Length, rows.Count - 1);
        foreach (var (row, s) in rows.Skip(1).Zip(expected))
        {
            Assert.Equal(s.Piece.File, row[0]);
            Assert.Equal(s.Piece.Emotion.ToName(), row[1]);
            Assert.Equal("slow, low", row[2]);
            Assert.Equal(s.Answer ?? "none", row[3]);
            Assert.Equal(s.Right ? "true" : "false", row[4]);
            Assert.Equal(s.Windows.ToString(), row[6]);
            Assert.Equal(s.WindowShare, double.Parse(row[7], System.Globalization.CultureInfo.InvariantCulture), 4);
        }
        var summary = RealMusicCheck.Summarise(expected);
        Assert.Contains($"{summary.Right}/{summary.Pieces} pieces named right", r.StdOut);
        Assert.Contains($"windows {summary.BalancedWindows:F3}", r.StdOut);
        Assert.Contains("| chord, soft.wav | peacefulness |", r.StdOut);
        // two sad pieces teach each other; the other labels have one piece each, which nothing teaches
        var audible = LabelAudibility.LeaveOnePieceOut(heard)!;
        Assert.Equal(0, audible.PerLabel.Single(l => l.Label == Emotion.Happiness).Windows);
        Assert.Contains($"one piece left out at a time; no corpus, no network): balanced windows {audible.BalancedWindows:F3} (", r.StdOut);
        Assert.Empty(Directory.EnumerateFiles(Path.GetDirectoryName(csv)!, "*.tmp"));
    }

    /// <summary>Without --audio the files are looked for beside the labels; with it, there.</summary>
    [Fact]
    public void AudioIsFoundBesideTheLabelsOrInTheFolderNamed()
    {
        var music = Directory.CreateDirectory(Path.Combine(dir, "music")).FullName;
        WavWriter.WritePcm16(Path.Combine(music, "a.wav"), BadInputFiles.Signal(4, 440), 16000);
        var labels = Path.Combine(dir, "labels.csv");
        File.WriteAllText(labels, "file,emotion\na.wav,fear\n");

        var beside = CliProcess.Run("check", "--labels", labels, "--model", tiny.Json, "--device", "cpu");
        Assert.Equal(1, beside.ExitCode);
        Assert.Contains(Path.Combine(dir, "a.wav"), beside.StdErr);

        var named = CliProcess.Run("check", "--labels", labels, "--audio", music, "--model", tiny.Json, "--device", "cpu");
        Assert.True(named.ExitCode == 0, named.StdErr);
        Assert.Contains("pieces named right", named.StdOut);
    }
}
