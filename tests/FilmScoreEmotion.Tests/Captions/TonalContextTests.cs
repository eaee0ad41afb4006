using FilmScoreEmotion.Captions;
using FilmScoreEmotion.Spectra;
using FilmScoreEmotion.Training;
using TorchSharp;

namespace FilmScoreEmotion.Tests.Captions;

/// <summary>The tonal expert: Krumhansl and Kessler's key fits, their context, the logistic regression learnt on
/// them and its fusion with the networks.</summary>
public class TonalContextTests
{
    static readonly string[] Classes = ["happiness", "sadness", "fear", "peacefulness"];

    /// A profile in decibels, as power per pitch class, with its tonic on <paramref name="tonic"/>.
    static double[] Power(IReadOnlyList<double> profileDb, int tonic) =>
        [.. Enumerable.Range(0, 12).Select(pc => Math.Pow(10, profileDb[(pc - tonic + 12) % 12] / 10))];

    [Fact]
    public void AKeysOwnProfileFitsItPerfectlyInEveryKey()
    {
        for (var tonic = 0; tonic < 12; tonic++)
        {
            var major = TonalContext.Fit(Power(TonalContext.MajorProfile, tonic));
            var minor = TonalContext.Fit(Power(TonalContext.MinorProfile, tonic));
            Assert.Equal(1.0, major.Major, 1e-12);
            Assert.Equal(1.0, minor.Minor, 1e-12);
            // the relative keys share their notes, so the other mode still fits well, but not perfectly
            Assert.InRange(major.Minor, 0.5, 0.95);
            Assert.InRange(minor.Major, 0.5, 0.95);
        }
    }

    [Fact]
    public void FitsIgnoreLevelAndAreTheSameInEveryKey()
    {
        var random = new Random(3);
        var chroma = Enumerable.Range(0, 12).Select(_ => random.NextDouble()).ToArray();
        var fit = TonalContext.Fit(chroma);
        Assert.Equal(fit.Major, TonalContext.Fit([.. chroma.Select(c => c * 1000)]).Major, 1e-12);
        for (var shift = 1; shift < 12; shift++)
        {
            var rotated = TonalContext.Fit([.. Enumerable.Range(0, 12).Select(pc => chroma[(pc + shift) % 12])]);
            Assert.Equal(fit.Major, rotated.Major, 1e-12);
            Assert.Equal(fit.Minor, rotated.Minor, 1e-12);
        }
        Assert.Equal(new TonalContext.KeyFit(0, 0), TonalContext.Fit(new double[12]));
        Assert.Throws<ArgumentException>(() => TonalContext.Fit(new double[11]));
    }

    [Fact]
    public void AWindowIsHeardWithItsNeighboursButNotWithSilence()
    {
        var random = new Random(4);
        var chroma = new double[5, 12];
        for (var w = 0; w < 5; w++)
            for (var c = 0; c < 12; c++)
                chroma[w, c] = random.NextDouble();
        bool[] silent = [false, true, false, false, false];

        var alone = TonalContext.Fits(chroma, silent, radius: 0);
        var context = TonalContext.Fits(chroma, silent, radius: 1);

        double[] Sum(params int[] windows) => [.. Enumerable.Range(0, 12).Select(c => windows.Sum(w => chroma[w, c]))];
        Assert.Equal(TonalContext.Fit(Sum(2)), alone[2]);
        Assert.Equal(TonalContext.Fit(Sum(0)), context[0]); // its only neighbour is silent
        Assert.Equal(TonalContext.Fit(Sum(2, 3)), context[2]);
        Assert.Equal(TonalContext.Fit(Sum(2, 3, 4)), context[3]);
        Assert.Equal(3, TonalContext.Radius(3, 1));
        Assert.Equal(1, TonalContext.Radius(3, 2));
    }

    /// Two classes told apart by the key fits, noisily. At the regression's optimum the gradient in each intercept is
    /// zero: the mean predicted probability of a class is its share of the labels less the ridge's pull on that
    /// intercept.
    [Fact]
    public void TheRegressionReachesItsOptimumAndLearnsWhichModeIsWhich()
    {
        var random = new Random(6);
        var fits = new List<TonalContext.KeyFit>();
        var labels = new List<int>();
        for (var n = 0; n < 300; n++)
        {
            var label = n % 3 == 0 ? 1 : 0;
            var (major, minor) = label == 0 ? (0.8, 0.6) : (0.6, 0.8);
            fits.Add(new(major + 0.1 * Normal(random), minor + 0.1 * Normal(random)));
            labels.Add(label);
        }

        const double ridge = 1e-3;
        var expert = TonalContext.Learn(fits, labels, ["bright", "dark"], ridge: ridge);

        var mean = fits.Select(f => TonalContext.Probabilities(expert, f)).Aggregate(new double[2], (s, p) => [s[0] + p[0] / fits.Count, s[1] + p[1] / fits.Count]);
        Assert.Equal(2 / 3.0, expert.Prior[0], 1e-12);
        Assert.Equal(expert.Prior[0] - ridge * expert.Weights[0][2], mean[0], 1e-9);
        Assert.Equal(expert.Prior[1] - ridge * expert.Weights[1][2], mean[1], 1e-9);
        Assert.True(TonalContext.Probabilities(expert, new(0.9, 0.5))[0] > 0.8);
        Assert.True(TonalContext.Probabilities(expert, new(0.5, 0.9))[1] > 0.8);
        Assert.Equal(expert.Weights.SelectMany(r => r), TonalContext.Learn(fits, labels, ["bright", "dark"], ridge: ridge).Weights.SelectMany(r => r));
        Assert.Throws<ArgumentException>(() => TonalContext.Learn(fits, labels.Skip(1).ToList(), ["bright", "dark"]));
        Assert.Contains("dark", Assert.Throws<ArgumentException>(() => TonalContext.Learn(fits, [.. labels.Select(_ => 0)], ["bright", "dark"])).Message);
    }

    static double Normal(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// Segments cut from an excerpt in a major key and one in a minor key, each rendering of the corpus one after the
    /// other: the expert learns the major one as happiness, the minor one as sadness, from the CQT itself.
    [Fact]
    public void LearntFromSegmentsItHearsTheirKeys()
    {
        var config = new SpectrogramConfig();
        var segments = new List<torch.Tensor>();
        var labels = new List<int>();
        var excerpts = new List<string>();
        foreach (var rendering in new[] { 0, 1 })
            foreach (var (label, profile, tonic) in new[] { (0, TonalContext.MajorProfile, 2), (1, TonalContext.MinorProfile, 9), (0, TonalContext.MajorProfile, 7), (1, TonalContext.MinorProfile, 4) })
                for (var s = 0; s < 3; s++)
                {
                    // (1, 84, 4): each pitch class at its profile's level in every octave, 20 dB lower in the second rendering's
                    var db = Enumerable.Range(0, config.NBins).Select(bin => (float)(profile[(bin % 12 - tonic + 12) % 12] * 4 - 40 - 20 * rendering)).ToArray();
                    segments.Add(torch.tensor(db, [1, config.NBins, 1]).expand(1, config.NBins, 4));
                    labels.Add(label);
                    excerpts.Add($"{label}-{tonic}");
                }
        var data = new LabelledSegments(torch.stack(segments).contiguous(), [.. labels], [.. excerpts], [.. excerpts], ["happiness", "sadness"]).Validated();

        var expert = TonalContext.LearnFrom(data, SpectrogramKind.Cqt, config, hopSeconds: 2)!;

        Assert.Equal(["happiness", "sadness"], expert.ClassNames);
        Assert.Equal(TonalContext.ContextSeconds, expert.ContextSeconds);
        Assert.True(TonalContext.Probabilities(expert, TonalContext.Fit(Power(TonalContext.MajorProfile, 5)))[0] > 0.9);
        Assert.True(TonalContext.Probabilities(expert, TonalContext.Fit(Power(TonalContext.MinorProfile, 5)))[1] > 0.9);
        Assert.Null(TonalContext.LearnFrom(data, SpectrogramKind.Mel, config, 2));
        Assert.Null(TonalContext.LearnFrom(data, SpectrogramKind.Cqt, config with { BinsPerOctave = 24, NBins = 168 }, 2));
    }

    static TonalContext.Expert Leaning(int towards, double strength) =>
        new(Classes, [.. Enumerable.Range(0, 4).Select(c => new[] { c == towards ? strength : 0, 0, 0 })], [0.25, 0.25, 0.25, 0.25], TonalContext.ContextSeconds);

    [Fact]
    public void FusionMultipliesTheOddsAndLeavesSilenceAlone()
    {
        var probabilities = new double[,] { { 0.4, 0.3, 0.2, 0.1 }, { 0.25, 0.25, 0.25, 0.25 } };
        TonalContext.KeyFit[] fits = [new(1, 0), new(1, 0)];

        var indifferent = TonalContext.Evidence(Leaning(0, 0), fits, [false, false]);
        Assert.All(indifferent.Cast<double>(), e => Assert.Equal(1, e, 1e-12));
        Assert.All(probabilities.Cast<double>().Zip(TonalContext.Fuse(probabilities, indifferent).Cast<double>()), p => Assert.Equal(p.First, p.Second, 1e-12));

        var evidence = TonalContext.Evidence(Leaning(0, Math.Log(2)), fits, [false, true]);
        var fused = TonalContext.Fuse(probabilities, evidence);
        // the expert gives class 0 twice the weight of each other class: its odds against class 1 double
        Assert.Equal(2 * 0.4 / 0.3, fused[0, 0] / fused[0, 1], 1e-12);
        Assert.Equal(0.3 / 0.2, fused[0, 1] / fused[0, 2], 1e-12);
        Assert.Equal(1, Enumerable.Range(0, 4).Sum(c => fused[0, c]), 1e-12);
        Assert.All(Enumerable.Range(0, 4), c => Assert.Equal(0.25, fused[1, c], 1e-12));
        Assert.Throws<ArgumentException>(() => TonalContext.Fuse(probabilities, new double[2, 3]));
    }

    [Fact]
    public void ABrokenExpertIsNamed()
    {
        Assert.Null(TonalContext.Problem(Leaning(0, 1), Classes));
        Assert.Contains("classes", TonalContext.Problem(Leaning(0, 1), ["happiness", "sadness", "fear"]));
        Assert.Contains("finite", TonalContext.Problem(Leaning(0, double.NaN), Classes));
        Assert.Contains("shares", TonalContext.Problem(Leaning(0, 1) with { Prior = [0.5, 0.5, 0, 0] }, Classes));
        Assert.Contains("seconds", TonalContext.Problem(Leaning(0, 1) with { ContextSeconds = -1 }, Classes));
    }
}
