using System.Collections.Immutable;
using FilmScoreEmotion.Captions;
using FilmScoreEmotion.Corpus;
using FilmScoreEmotion.Tests.Foundation;

namespace FilmScoreEmotion.Tests.Captions;

public class RealMusicCheckTests
{
    static readonly string[] Classes = ["happiness", "sadness", "fear", "peacefulness"];

    static RealMusicCheck.Piece Piece(Emotion emotion, string file = "x.ogg") => new(file, emotion, "keyword");

    static CaptionTimeline Timeline(double[,] probabilities, bool[] silent, params Cue[] cues) =>
        new(probabilities, Classes, probabilities.GetLength(0) + 1.0, [.. silent], cues, [probabilities]);

    static Cue CueOf(string emotion, double start, double end) => new(start, end, emotion, emotion, 0.5);

    [Fact]
    public void WindowFiguresReadEveryHeardWindowAndLeaveSilentOnesOut()
    {
        var probabilities = new double[,]
        {
            { 0.1, 0.2, 0.6, 0.1 }, // fear named
            { 0.5, 0.1, 0.3, 0.1 }, // happiness named
            { 0.25, 0.25, 0.25, 0.25 }, // silent: uniform, not counted
            { 0.2, 0.2, 0.4, 0.2 }, // fear named
        };
        var scored = RealMusicCheck.Score(Piece(Emotion.Fear), Timeline(probabilities, [false, false, true, false], CueOf("fear", 0, 3), CueOf("happiness", 3, 5)));
        Assert.Equal(3, scored.Windows);
        Assert.Equal(2.0 / 3, scored.WindowShare, 12);
        Assert.Equal((0.6 + 0.3 + 0.4) / 3, scored.LabelProbability, 12);
        Assert.Equal("fear", scored.Answer);
        Assert.True(scored.Right);
        Assert.Equal(3.0, scored.SecondsPerEmotion["fear"], 12);
    }

    /// Each label's row is the mean over its pieces of where their heard windows go; its diagonal's mean is the
    /// balanced window figure.
    [Fact]
    public void WindowAnswersAverageEachLabelsPiecesAlike()
    {
        var fearful = Timeline(new double[,] { { 0.1, 0.1, 0.7, 0.1 }, { 0.2, 0.1, 0.6, 0.1 }, { 0.5, 0.2, 0.2, 0.1 }, { 0.25, 0.25, 0.25, 0.25 } }, [false, false, false, true]);
        var sadAsFear = Timeline(new double[,] { { 0.1, 0.6, 0.2, 0.1 } }, [false]);
        var tied = Timeline(new double[,] { { 0.4, 0.1, 0.1, 0.4 } }, [false]);
        (RealMusicCheck.Piece, CaptionTimeline)[] heard = [(Piece(Emotion.Fear), fearful), (Piece(Emotion.Fear), sadAsFear), (Piece(Emotion.Sadness), tied)];
        var rows = RealMusicCheck.WindowAnswers(heard);
        Assert.Equal([Emotion.Sadness, Emotion.Fear], rows.Select(r => r.Label).ToArray());
        Assert.Equal([1, 2], rows.Select(r => r.Pieces).ToArray());
        Assert.Equal(new double[4], rows[0].Shares.ToArray());
        Assert.Equal([1.0 / 6, 0.5, 1.0 / 3, 0], rows[1].Shares.ToArray());
        var summary = RealMusicCheck.Summarise([.. heard.Select(h => RealMusicCheck.Score(h.Item1, h.Item2))]);
        Assert.Equal(summary.BalancedWindows, rows.Average(r => r.Shares[Array.IndexOf(Classes, r.Label.ToName())]), 12);
        Assert.Equal(-1, RealMusicCheck.Answered(tied, 0));
        Assert.Equal(2, RealMusicCheck.Answered(fearful, 1));
    }

    [Fact]
    public void ATieIsNotCountedAsNamingTheLabel()
    {
        var scored = RealMusicCheck.Score(Piece(Emotion.Sadness), Timeline(new double[,] { { 0.4, 0.4, 0.1, 0.1 } }, [false]));
        Assert.Equal(0, scored.WindowShare);
        Assert.Null(scored.Answer);
        Assert.False(scored.Right);
    }

    [Fact]
    public void ALabelTheModelHasNoClassForScoresNothing()
    {
        var probabilities = new double[,] { { 0.2, 0.3, 0.5 } };
        var timeline = new CaptionTimeline(probabilities, ["happiness", "sadness", "fear"], 2, [false], [CueOf("fear", 0, 2)], [probabilities]);
        var scored = RealMusicCheck.Score(Piece(Emotion.Peacefulness), timeline);
        Assert.Equal((0.0, 0.0, false), (scored.WindowShare, scored.LabelProbability, scored.Right));
    }

    /// A model that answers one class for every window and piece scores 1 over the number of labels on every
    /// balanced figure, whichever class it picks and however the labels are spread; the plain count is that class's
    /// share of the pieces.
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void AOneClassModelScoresAQuarterOnEveryBalancedFigure(int answer)
    {
        var labels = new[] { Emotion.Sadness, Emotion.Sadness, Emotion.Fear, Emotion.Fear, Emotion.Fear, Emotion.Fear, Emotion.Happiness, Emotion.Peacefulness, Emotion.Peacefulness };
        var row = Enumerable.Range(0, 4).Select(c => c == answer ? 0.7 : 0.1).ToArray();
        var probabilities = new double[5, 4];
        for (var w = 0; w < 5; w++)
            for (var c = 0; c < 4; c++)
                probabilities[w, c] = row[c];
        var scored = labels.Select(l => RealMusicCheck.Score(Piece(l), Timeline(probabilities, new bool[5], CueOf(Classes[answer], 0, 6)))).ToList();
        var summary = RealMusicCheck.Summarise(scored);
        Assert.Equal(labels.Count(l => l.ToName() == Classes[answer]), summary.Right);
        Assert.Equal(9, summary.Pieces);
        Assert.Equal(0.25, summary.BalancedPieces, 12);
        Assert.Equal(0.25, summary.BalancedWindows, 12);
        Assert.Equal((0.7 + 0.1 * 3) / 4, summary.LabelProbability, 12);
    }

    [Fact]
    public void EachLabelsPiecesWeighAlike()
    {
        var right = RealMusicCheck.Score(Piece(Emotion.Fear), Timeline(new double[,] { { 0, 0, 1, 0 } }, [false], CueOf("fear", 0, 2)));
        var wrong = RealMusicCheck.Score(Piece(Emotion.Fear), Timeline(new double[,] { { 1, 0, 0, 0 } }, [false], CueOf("happiness", 0, 2)));
        var sad = RealMusicCheck.Score(Piece(Emotion.Sadness), Timeline(new double[,] { { 0, 1, 0, 0 } }, [false], CueOf("sadness", 0, 2)));
        var summary = RealMusicCheck.Summarise([right, wrong, wrong, wrong, sad]);
        Assert.Equal(2, summary.Right);
        Assert.Equal((0.25 + 1) / 2, summary.BalancedPieces, 12);
        Assert.Equal((0.25 + 1) / 2, summary.BalancedWindows, 12);
        Assert.Throws<ArgumentException>(() => RealMusicCheck.Summarise([]));
    }

    [Fact]
    public void AsCaptionedCountsOnlyTheCuesTheSettingsKeep()
    {
        // 10 windows sure of fear, then 20 leaning to happiness at 0.4: the smoothing switches at window 10, and the
        // happiness run is below the default confidence of 0.55, so only the fear cue (0 to 10.5 s of 31 s) is kept.
        var probabilities = new double[30, 4];
        for (var w = 0; w < 30; w++)
            foreach (var (c, p) in (w < 10 ? new[] { 0.05, 0.025, 0.9, 0.025 } : [0.4, 0.2, 0.2, 0.2]).Select((p, c) => (c, p)))
                probabilities[w, c] = p;
        var timeline = Timeline(probabilities, new bool[30]);
        var defaults = RealMusicCheck.AsCaptioned([(Piece(Emotion.Fear), timeline), (Piece(Emotion.Sadness), timeline)], new CaptionConfig());
        Assert.Equal(2 * 10.5 / 62, defaults.CaptionedShare, 12);
        Assert.Equal(0.5, defaults.CorrectShareOfCaptioned, 12);
        Assert.Equal(10.5 / 62, defaults.CorrectShareOfAll, 12);
        Assert.Equal(2, defaults.Cues);
        var everything = RealMusicCheck.AsCaptioned([(Piece(Emotion.Happiness), timeline)], RealMusicCheck.Config);
        Assert.Equal(1, everything.CaptionedShare, 12);
        Assert.Equal(20.5 / 31, everything.CorrectShareOfCaptioned, 12);
        Assert.Throws<ArgumentException>(() => RealMusicCheck.AsCaptioned([], new CaptionConfig()));
    }

    [Fact]
    public void TheRepositorysLabelsAreTheOnesTheRuleGave()
    {
        var labels = RealMusicCheck.ReadLabels(Path.Combine(ReproduceScriptTests.RepoRoot(), RealMusicSet.Wesnoth.LabelsFile));
        Assert.Equal(22, labels.Length);
        Assert.Equal(
            new[] { (Emotion.Happiness, 3), (Emotion.Sadness, 6), (Emotion.Fear, 9), (Emotion.Peacefulness, 4) },
            labels.GroupBy(p => p.Emotion).OrderBy(g => g.Key).Select(g => (g.Key, g.Count())).ToArray()
        );
    }

    /// The 0 A.D. rule (`data/real-music-0ad/README.md`): the game's battle, victory and defeat tracks, then titles
    /// naming an emotion outright.
    [Fact]
    public void TheZeroADLabelsAreTheOnesTheRuleGave()
    {
        var labels = RealMusicCheck.ReadLabels(Path.Combine(ReproduceScriptTests.RepoRoot(), RealMusicSet.ZeroAD.LabelsFile));
        Assert.Equal(
            new[]
            {
                ("Dried_Tears.ogg", Emotion.Sadness), ("Epitaph.ogg", Emotion.Sadness), ("Hill_of_Sorrows.ogg", Emotion.Sadness),
                ("Taiko_1.ogg", Emotion.Fear), ("Taiko_2.ogg", Emotion.Fear),
                ("You_are_Victorious!.ogg", Emotion.Happiness), ("Harvest_Festival.ogg", Emotion.Happiness), ("Solstice_Festival.ogg", Emotion.Happiness),
                ("Mountain_Idyll.ogg", Emotion.Peacefulness), ("Albian_Nocturne.ogg", Emotion.Peacefulness), ("Elysian_Fields.ogg", Emotion.Peacefulness),
            },
            labels.Select(p => (p.File, p.Emotion)).ToArray()
        );
    }

    /// The UFO: Alien Invasion rule (`data/real-music-ufoai/README.md`): the lost and won games and the battles, then
    /// titles naming an emotion or combat outright.
    [Fact]
    public void TheUfoAILabelsAreTheOnesTheRuleGave()
    {
        var labels = RealMusicCheck.ReadLabels(Path.Combine(ReproduceScriptTests.RepoRoot(), RealMusicSet.UfoAI.LabelsFile));
        (string, Emotion)[] expected =
        [
            ("Crystan-LooseGame.ogg", Emotion.Sadness), ("Crystan-IntroSad.ogg", Emotion.Sadness),
            .. Enumerable.Range(1, 6).Select(i => ($"Crystan-Battlescape0{i}.ogg", Emotion.Fear)),
            ("AlexFightmare.ogg", Emotion.Fear), ("MarineFireFight.ogg", Emotion.Fear), ("MarineAlienRaid.ogg", Emotion.Fear),
            ("MarineBacktheAttack.ogg", Emotion.Fear), ("MarineUrbanWarfare.ogg", Emotion.Fear),
            ("Crystan-WinGame.ogg", Emotion.Happiness),
        ];
        Assert.Equal(expected, labels.Select(p => (p.File, p.Emotion)).ToArray());
    }

    [Fact]
    public void AWrongHeaderIsNamed()
    {
        var path = Path.Combine(Path.GetTempPath(), $"labels-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, "name,label\nsad.ogg,sadness\n");
        try
        {
            var e = Assert.Throws<InvalidDataException>(() => RealMusicCheck.ReadLabels(path));
            Assert.Contains(path, e.Message);
            Assert.Contains("file,emotion,keyword", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void TheSmokeSampleIsTheSmallestFileOfEachLabel()
    {
        using var dir = new FilmScoreEmotion.Tests.Corpus.TempDir();
        dir.File("big.ogg", new string('x', 300));
        dir.File("small.ogg", new string('x', 100));
        dir.File("sad.ogg", new string('x', 500));
        RealMusicCheck.Piece[] pieces = [new("big.ogg", Emotion.Happiness, ""), new("sad.ogg", Emotion.Sadness, ""), new("small.ogg", Emotion.Happiness, "")];
        Assert.Equal(["small.ogg", "sad.ogg"], RealMusicCheck.SmallestPerLabel(pieces, dir.Path).Select(p => p.File).ToArray());
        Assert.Equal(["big.ogg", "sad.ogg"], RealMusicCheck.SmallestPerLabel([(pieces[0], 1L), (pieces[1], 9L), (pieces[2], 2L)]).Select(p => p.File).ToArray());
    }
}
