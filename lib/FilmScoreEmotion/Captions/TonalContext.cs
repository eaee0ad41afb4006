using System.Collections.Immutable;
using FilmScoreEmotion.Spectra;
using FilmScoreEmotion.Statistics;
using FilmScoreEmotion.Training;

namespace FilmScoreEmotion.Captions;

/// <summary>
/// A second expert beside the networks, one that hears the key. The cue probe found the caption model deaf to mode
/// (notebooks/real-music-trials.md, "What the caption model listens to"), and CNN4 did not learn major from minor even
/// where nothing else parted them: one 2-s window rarely says which note is home. This expert hears several seconds
/// around each window as one pitch-class profile and asks how well its best major key and its best minor key fit, by
/// Krumhansl and Kessler's probe-tone profiles; a logistic regression on those two fits, learnt from the corpus, gives
/// each emotion's probability. Since the networks barely move with mode, the two are fused as independent witnesses
/// (naive Bayes): the networks' probabilities times the expert's, over the classes' shares in the corpus it learnt.
/// </summary>
public static class TonalContext
{
    /// <summary>Krumhansl and Kessler (1982), probe-tone ratings of the twelve pitch classes from the tonic up, in a
    /// major and in a minor context (Krumhansl 1990).</summary>
    public static readonly ImmutableArray<double> MajorProfile = [6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88];

    public static readonly ImmutableArray<double> MinorProfile = [6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17];

    /// <summary>Seconds heard either side of a window: a key takes phrases to establish, not a chord. On the corpus the
    /// expert reads the emotions better the more of an excerpt it hears (grouped cross-validation,
    /// notebooks/real-music-trials.md, "A longer key context"), up to the whole excerpt (about 15 s, which ±8 s spans);
    /// past that the corpus cannot say more, and a soundtrack changes key.</summary>
    public const double ContextSeconds = 8.0;

    /// <param name="Major">the best correlation of the profile with a major key's, over the twelve tonics</param>
    public sealed record KeyFit(double Major, double Minor);

    /// <summary>The expert, as a saved model keeps it: per class a weight for each key fit and an intercept, the
    /// classes' shares in the corpus it learnt from, and the seconds it hears either side of a window.</summary>
    /// <param name="Weights">// (classes, 3): major fit, minor fit, intercept</param>
    public sealed record Expert(string[] ClassNames, double[][] Weights, double[] Prior, double ContextSeconds);

    /// <summary>How well <paramref name="chroma"/> (power per pitch class, C first) fits its best major and best minor
    /// key. The profile is heard in decibels, so a loud bass note does not drown the rest; Pearson correlation, as
    /// Krumhansl's key-finding algorithm uses. A silent profile fits nothing (0, 0).</summary>
    public static KeyFit Fit(ReadOnlySpan<double> chroma)
    {
        if (chroma.Length != MajorProfile.Length)
            throw new ArgumentException($"a pitch-class profile has {MajorProfile.Length} values, not {chroma.Length}", nameof(chroma));
        var total = 0.0;
        foreach (var c in chroma)
            total += c;
        if (!(total > 0))
            return new KeyFit(0, 0);
        var db = new double[chroma.Length];
        for (var i = 0; i < db.Length; i++)
            db[i] = 10 * Math.Log10(Math.Max(chroma[i], total * 1e-8));
        return new KeyFit(BestCorrelation(db, MajorProfile), BestCorrelation(db, MinorProfile));
    }

    // A flat profile correlates with nothing: Pearson's NaN there is read as 0.
    static double BestCorrelation(double[] profile, ImmutableArray<double> key) =>
        Enumerable.Range(0, key.Length)
            .Max(tonic => MathNet.Numerics.Statistics.Correlation.Pearson(profile, Enumerable.Range(0, key.Length).Select(i => key[(i - tonic + key.Length) % key.Length])) is var r && double.IsNaN(r) ? 0 : r);

    /// <summary>Each window's key fits over the windows within <paramref name="radius"/> of it (itself included),
    /// silent windows left out.</summary>
    /// <param name="chroma">// (windows, 12)</param>
    public static ImmutableArray<KeyFit> Fits(double[,] chroma, IReadOnlyList<bool> silent, int radius)
    {
        var (windows, pitchClasses) = (chroma.GetLength(0), chroma.GetLength(1));
        var sum = new double[pitchClasses];
        return
        [
            .. Enumerable.Range(0, windows).Select(w =>
            {
                SumAround(chroma, silent, w, radius, sum);
                return Fit(sum);
            }),
        ];
    }

    /// <summary>The rows of <paramref name="table"/> within <paramref name="radius"/> of <paramref name="window"/>
    /// (itself included), silent windows left out, added into <paramref name="sum"/>: what a window's context holds.</summary>
    /// <param name="table">// (windows, columns)</param>
    /// <returns>how many windows were added</returns>
    public static int SumAround(double[,] table, IReadOnlyList<bool> silent, int window, int radius, double[] sum)
    {
        var (windows, columns) = (table.GetLength(0), table.GetLength(1));
        Array.Clear(sum);
        var count = 0;
        for (var v = Math.Max(0, window - radius); v <= Math.Min(windows - 1, window + radius); v++)
            if (!silent[v])
            {
                count++;
                for (var c = 0; c < columns; c++)
                    sum[c] += table[v, c];
            }
        return count;
    }

    /// <summary>Windows either side that <paramref name="contextSeconds"/> span at <paramref name="hopSeconds"/>.</summary>
    public static int Radius(double contextSeconds, double hopSeconds) => (int)Math.Floor(contextSeconds / hopSeconds + 1e-9);

    /// <summary>The expert learnt from labelled key fits: multinomial logistic regression on the two fits
    /// (<see cref="LogisticRegression"/>).</summary>
    public static Expert Learn(IReadOnlyList<KeyFit> fits, IReadOnlyList<int> labels, IReadOnlyList<string> classNames, double contextSeconds = ContextSeconds, double ridge = 1e-3)
    {
        if (fits.Count != labels.Count || fits.Count == 0)
            throw new ArgumentException($"{fits.Count} key fits and {labels.Count} labels: the expert needs one label per fit, and some");
        var k = classNames.Count;
        if (labels.Any(l => l < 0 || l >= k))
            throw new ArgumentException($"a label is outside the {k} classes");
        if (Enumerable.Range(0, k).FirstOrDefault(c => !labels.Contains(c), -1) is var absent and >= 0)
            throw new ArgumentException($"no key fit is labelled {classNames[absent]}: the expert cannot learn a class it never heard");
        var regression = LogisticRegression.Learn([.. fits.Select(f => new[] { f.Major, f.Minor })], labels, k, ridge: ridge);
        return new Expert(
            [.. classNames],
            regression.Weights,
            [.. Enumerable.Range(0, k).Select(c => labels.Count(l => l == c) / (double)labels.Count)],
            contextSeconds
        );
    }

    /// <summary>The expert a model learning from <paramref name="data"/> gets, or null when its spectrogram does not fold
    /// into pitch classes. The segments are an excerpt's whole windows one after another every
    /// <paramref name="hopSeconds"/>, as the corpus cuts them; each is heard with its excerpt's neighbours within the
    /// context, as a caption window is with the soundtrack's. Renderings pooled one after another stay apart: a run
    /// of consecutive segments of one excerpt is one rendering of it.</summary>
    public static Expert? LearnFrom(LabelledSegments data, SpectrogramKind kind, SpectrogramConfig spectrogram, double hopSeconds)
    {
        if (kind != SpectrogramKind.Cqt || Chroma.FirstPitchClass(spectrogram) is null || data.Bins != spectrogram.NBins)
            return null;
        double[] chroma;
        using (var pitchClasses = Chroma.FromCqtDb(data.X, spectrogram)) // (segments, 12)
            chroma = pitchClasses.data<double>().ToArray();
        var fits = new List<KeyFit>(data.Count);
        var radius = Radius(ContextSeconds, hopSeconds);
        for (var start = 0; start < data.Count;)
        {
            var end = start;
            while (end < data.Count && data.ExcerptIds[end] == data.ExcerptIds[start])
                end++;
            var run = new double[end - start, Chroma.PitchClasses];
            for (var i = 0; i < end - start; i++)
                for (var c = 0; c < Chroma.PitchClasses; c++)
                    run[i, c] = chroma[(start + i) * Chroma.PitchClasses + c];
            fits.AddRange(Fits(run, new bool[end - start], radius));
            start = end;
        }
        return Learn(fits, data.Labels, data.ClassNames);
    }

    /// <summary>The expert's probability of each class for one key fit.</summary>
    public static double[] Probabilities(Expert expert, KeyFit fit) =>
        LogisticRegression.Probabilities(new LogisticRegression.Model(expert.Weights), [fit.Major, fit.Minor]);

    /// <summary>What the expert adds to each window: its probability of each class over that class's share in the
    /// corpus, the factor by which it moves the networks' odds. A silent window gets ones: nothing was heard.</summary>
    /// <returns>// (windows, classes)</returns>
    public static double[,] Evidence(Expert expert, IReadOnlyList<KeyFit> fits, IReadOnlyList<bool> silent)
    {
        if (fits.Count != silent.Count)
            throw new ArgumentException($"{fits.Count} key fits but {silent.Count} silence flags");
        var classes = expert.ClassNames.Length;
        var evidence = new double[fits.Count, classes];
        for (var w = 0; w < fits.Count; w++)
        {
            var q = silent[w] ? null : Probabilities(expert, fits[w]);
            for (var c = 0; c < classes; c++)
                evidence[w, c] = q is null ? 1 : q[c] / expert.Prior[c];
        }
        return evidence;
    }

    /// <summary>The networks' probabilities and the expert's as independent witnesses (naive Bayes): their
    /// probabilities times the expert's <see cref="Evidence"/>, renormalised.</summary>
    /// <param name="probabilities">// (windows, classes), the networks' classes in the expert's order</param>
    /// <param name="evidence">// (windows, classes)</param>
    /// <returns>// (windows, classes)</returns>
    public static double[,] Fuse(double[,] probabilities, double[,] evidence)
    {
        var (windows, classes) = (probabilities.GetLength(0), probabilities.GetLength(1));
        if (evidence.GetLength(0) != windows || evidence.GetLength(1) != classes)
            throw new ArgumentException($"probabilities of {windows} windows x {classes} classes, evidence of {evidence.GetLength(0)} x {evidence.GetLength(1)}");
        var fused = new double[windows, classes];
        for (var w = 0; w < windows; w++)
        {
            var total = 0.0;
            for (var c = 0; c < classes; c++)
                total += fused[w, c] = probabilities[w, c] * evidence[w, c];
            for (var c = 0; c < classes; c++)
                fused[w, c] /= total;
        }
        return fused;
    }

    /// <summary>What is wrong with a saved expert for a model of <paramref name="classNames"/>, or null.</summary>
    public static string? Problem(Expert expert, IReadOnlyList<string> classNames) =>
        expert switch
        {
            { ClassNames: null } or { Weights: null } or { Prior: null } => "the tonal expert lacks its classes, weights or class shares",
            _ when !expert.ClassNames.SequenceEqual(classNames) => $"the tonal expert's classes ({string.Join(", ", expert.ClassNames)}) are not the model's",
            _ when expert.Weights.Length != classNames.Count || expert.Weights.Any(r => r is null || r.Length != 3 || !r.All(double.IsFinite)) => "the tonal expert needs three finite weights per class",
            _ when expert.Prior.Length != classNames.Count || expert.Prior.Any(p => !(p > 0 && p <= 1)) => "the tonal expert's class shares must be in (0, 1], one per class",
            _ when !(expert.ContextSeconds >= 0 && double.IsFinite(expert.ContextSeconds)) => $"the tonal expert's context of {expert.ContextSeconds} s is not a number of seconds",
            _ => null,
        };
}
