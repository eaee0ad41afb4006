using System.Collections.Immutable;
using FilmScoreEmotion.Evaluation;
using static TorchSharp.torch;

namespace FilmScoreEmotion.Baselines;

public enum BaselineClassifier
{
    NearestCentroid,
    LogisticRegression,
}

/// <summary>Accuracy per fold and the pooled confusion matrix [true, predicted] of a grouped cross-validation.</summary>
public sealed record BaselineResult(
    BaselineClassifier Classifier,
    int Folds,
    ImmutableArray<double> FoldAccuracies,
    double Accuracy,
    int[,] Confusion,
    int Samples,
    int Groups
);

/// <summary>
/// How hard a corpus is for a simple classifier on fixed features, under cross-validation whose folds keep every
/// segment of one group (excerpt, or film) together, so a model is never tested on an excerpt it has heard.
/// Features are standardised with the training folds' statistics only.
/// </summary>
public static class Baseline
{
    public static BaselineResult GroupedCrossValidation(
        IReadOnlyList<float[]> features,
        IReadOnlyList<int> labels,
        IReadOnlyList<string> groups,
        BaselineClassifier classifier = BaselineClassifier.LogisticRegression,
        int folds = 5,
        long seed = 0
    )
    {
        if (features.Count != labels.Count || labels.Count != groups.Count)
            throw new ArgumentException(
                $"{features.Count} feature rows, {labels.Count} labels and {groups.Count} groups must match"
            );
        if (features.Count == 0)
            throw new ArgumentException("no samples");
        var classes = labels.Max() + 1;
        // The protocols take an int seed: fold the long one so every bit of it still picks the folds.
        var foldSeed = unchecked((int)seed ^ (int)(seed >> 32));
        var confusion = new int[classes, classes];
        var accuracies = ImmutableArray.CreateBuilder<double>();
        foreach (var fold in Protocols.GroupedKFold([.. labels], [.. groups], folds, foldSeed))
        {
            var train = fold.Train.ToArray();
            var test = fold.Test.ToArray();
            var predicted = Fit(features, labels, train, test, classes, classifier, seed);
            var correct = 0;
            for (var i = 0; i < test.Length; i++)
            {
                confusion[labels[test[i]], predicted[i]]++;
                if (predicted[i] == labels[test[i]])
                    correct++;
            }
            accuracies.Add(correct / (double)test.Length);
        }
        var total = 0;
        var right = 0;
        for (var a = 0; a < classes; a++)
        for (var b = 0; b < classes; b++)
        {
            total += confusion[a, b];
            if (a == b)
                right += confusion[a, b];
        }
        return new BaselineResult(
            classifier,
            folds,
            accuracies.ToImmutable(),
            right / (double)total,
            confusion,
            features.Count,
            groups.Distinct().Count()
        );
    }

    static int[] Fit(
        IReadOnlyList<float[]> features,
        IReadOnlyList<int> labels,
        int[] train,
        int[] test,
        int classes,
        BaselineClassifier classifier,
        long seed
    )
    {
        var dims = features[0].Length;
        var mean = new double[dims];
        var std = new double[dims];
        for (var d = 0; d < dims; d++)
        {
            mean[d] = train.Average(i => features[i][d]);
            std[d] = Math.Sqrt(train.Average(i => Math.Pow(features[i][d] - mean[d], 2))) + 1e-6;
        }
        float[] Z(int i) =>
            Enumerable
                .Range(0, dims)
                .Select(d => (float)((features[i][d] - mean[d]) / std[d]))
                .ToArray();
        var trainZ = train.Select(Z).ToArray();
        var testZ = test.Select(Z).ToArray();
        return classifier == BaselineClassifier.NearestCentroid
            ? NearestCentroid(trainZ, train.Select(i => labels[i]).ToArray(), testZ, classes)
            : Logistic(trainZ, train.Select(i => labels[i]).ToArray(), testZ, classes, seed);
    }

    static int[] NearestCentroid(float[][] train, int[] labels, float[][] test, int classes)
    {
        var dims = train[0].Length;
        var centroids = Enumerable
            .Range(0, classes)
            .Select(c =>
            {
                var members = train.Where((_, i) => labels[i] == c).ToArray();
                return Enumerable
                    .Range(0, dims)
                    .Select(d => members.Length == 0 ? double.NaN : members.Average(m => m[d]))
                    .ToArray();
            })
            .ToArray();
        return test.Select(x =>
                Enumerable
                    .Range(0, classes)
                    .Where(c => !double.IsNaN(centroids[c][0]))
                    .MinBy(c =>
                        Enumerable.Range(0, dims).Sum(d => Math.Pow(x[d] - centroids[c][d], 2))
                    )
            )
            .ToArray();
    }

    /// <summary>Multinomial logistic regression with an L2 penalty, fitted by full-batch Adam (the problem is convex and small).</summary>
    static int[] Logistic(float[][] train, int[] labels, float[][] test, int classes, long seed)
    {
        using var scope = NewDisposeScope();
        random.manual_seed(seed);
        var dims = train[0].Length;
        var x = tensor(train.SelectMany(r => r).ToArray()).reshape(train.Length, dims); // (samples, dims)
        var y = tensor(labels.Select(l => (long)l).ToArray());
        var w = new TorchSharp.Modules.Parameter(zeros(dims, classes));
        var b = new TorchSharp.Modules.Parameter(zeros(classes));
        var optimizer = new Training.Adam([w, b], lr: 0.05);
        for (var step = 0; step < 400; step++)
        {
            using var stepScope = NewDisposeScope();
            optimizer.zero_grad();
            // Scalars kept until the step ends: see Runtime.KeptScalars
            using TorchSharp.Scalar decay = 1e-2, two = 2;
            var loss = nn.functional.cross_entropy(matmul(x, w).add(b, Runtime.KeptScalars.One), y).add(w.pow(two).sum().mul(decay), Runtime.KeptScalars.One);
            loss.backward();
            optimizer.step();
        }
        using var noGrad = no_grad();
        var xt = tensor(test.SelectMany(r => r).ToArray()).reshape(test.Length, dims);
        return matmul(xt, w).add(b, Runtime.KeptScalars.One).argmax(1).data<long>().Select(v => (int)v).ToArray();
    }
}
