namespace FilmScoreEmotion.Statistics;

/// <summary>Multinomial logistic regression learnt by Newton's method, with a small ridge so that classes the inputs
/// part perfectly still get finite weights. Small on purpose: the experts that use it have a handful of inputs and
/// must not learn more than those inputs say.</summary>
public static class LogisticRegression
{
    /// <param name="Weights">// (classes, inputs + 1): each input's weight, then the intercept</param>
    public sealed record Model(double[][] Weights);

    /// <summary>Weights that maximise the (weighted) likelihood of <paramref name="labels"/> less the ridge.</summary>
    /// <param name="x">// (examples, inputs)</param>
    /// <param name="sampleWeights">// (examples); each example counts this many times (default once)</param>
    public static Model Learn(IReadOnlyList<double[]> x, IReadOnlyList<int> labels, int classes, IReadOnlyList<double>? sampleWeights = null, double ridge = 1e-3)
    {
        if (x.Count != labels.Count || x.Count == 0)
            throw new ArgumentException($"{x.Count} examples and {labels.Count} labels: a regression needs one label per example, and some");
        if (sampleWeights is not null && (sampleWeights.Count != x.Count || sampleWeights.Any(s => !(s >= 0 && double.IsFinite(s)))))
            throw new ArgumentException("one finite, non-negative weight per example");
        if (labels.Any(l => l < 0 || l >= classes))
            throw new ArgumentException($"a label is outside the {classes} classes");
        var features = x[0].Length + 1;
        if (x.Any(r => r.Length != features - 1))
            throw new ArgumentException("every example needs the same inputs");
        var rows = x.Select(r => (double[])[.. r, 1.0]).ToArray();
        var total = sampleWeights?.Sum() ?? x.Count;
        if (!(total > 0))
            throw new ArgumentException("the examples' weights add up to nothing");
        var w = new double[classes * features];
        var objective = Objective(w);
        for (var iteration = 0; iteration < 100; iteration++)
        {
            var gradient = new double[w.Length];
            var hessian = new double[w.Length, w.Length];
            for (var n = 0; n < rows.Length; n++)
            {
                var s = sampleWeights?[n] ?? 1.0;
                var p = Probabilities(w, rows[n], classes);
                for (var a = 0; a < classes; a++)
                for (var i = 0; i < features; i++)
                {
                    gradient[a * features + i] += s * (p[a] - (labels[n] == a ? 1 : 0)) * rows[n][i];
                    for (var b = 0; b < classes; b++)
                    for (var j = 0; j < features; j++)
                        hessian[a * features + i, b * features + j] += s * p[a] * ((a == b ? 1 : 0) - p[b]) * rows[n][i] * rows[n][j];
                }
            }
            for (var i = 0; i < w.Length; i++)
            {
                gradient[i] = gradient[i] / total + ridge * w[i];
                for (var j = 0; j < w.Length; j++)
                    hessian[i, j] = hessian[i, j] / total + (i == j ? ridge : 0);
            }
            var step = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfArray(hessian).Solve(MathNet.Numerics.LinearAlgebra.Vector<double>.Build.Dense(gradient));
            // Newton's full step unless it climbs, as it can far from the optimum of classes that part cleanly: then
            // halved until it descends. Near the optimum a step changes the objective by less than its rounding, so
            // only a clear climb counts.
            var scale = 1.0;
            double[] Moved(double by) => [.. w.Select((v, i) => v - by * step[i])];
            var (moved, after) = (Moved(scale), 0.0);
            while ((after = Objective(moved)) > objective + 1e-12 * Math.Abs(objective) && scale > 1e-6)
                moved = Moved(scale /= 2);
            (w, objective) = (moved, after);
            if (step.AbsoluteMaximum() < 1e-10)
                break;
        }
        return new Model([.. Enumerable.Range(0, classes).Select(a => w[(a * features)..((a + 1) * features)])]);

        // the mean (weighted) negative log-likelihood plus the ridge: what each step must lower
        double Objective(double[] weights)
        {
            var loss = 0.0;
            for (var n = 0; n < rows.Length; n++)
                loss -= (sampleWeights?[n] ?? 1.0) * Math.Log(Math.Max(Probabilities(weights, rows[n], classes)[labels[n]], double.Epsilon));
            return loss / total + ridge / 2 * weights.Sum(v => v * v);
        }
    }

    /// <summary>Each class's probability for one example's inputs.</summary>
    public static double[] Probabilities(Model model, ReadOnlySpan<double> inputs)
    {
        var features = model.Weights[0].Length;
        if (inputs.Length != features - 1)
            throw new ArgumentException($"the regression has {features - 1} inputs, not {inputs.Length}", nameof(inputs));
        var row = new double[features];
        inputs.CopyTo(row);
        row[^1] = 1.0;
        return Probabilities([.. model.Weights.SelectMany(r => r)], row, model.Weights.Length);
    }

    // row ends with the intercept's 1
    static double[] Probabilities(double[] w, double[] row, int classes)
    {
        var z = Enumerable.Range(0, classes).Select(a => Enumerable.Range(0, row.Length).Sum(i => w[a * row.Length + i] * row[i])).ToArray();
        var max = z.Max();
        var e = z.Select(v => Math.Exp(v - max)).ToArray();
        var sum = e.Sum();
        return [.. e.Select(v => v / sum)];
    }
}
