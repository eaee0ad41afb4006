namespace FilmScoreEmotion.Captions;

/// <summary>The most likely label sequence under an HMM whose emissions are the classifier's probabilities and
/// whose transitions cost <c>switchPenalty</c> nats for every change of label: a short run of another label survives
/// only if its evidence outweighs two switches.</summary>
public static class ViterbiSmoothing
{
    /// <param name="probabilities">// (frames, classes), each row a distribution</param>
    /// <returns>the label index of each frame</returns>
    public static int[] Smooth(double[,] probabilities, double switchPenalty)
    {
        int frames = probabilities.GetLength(0),
            classes = probabilities.GetLength(1);
        if (frames == 0)
            return [];
        const double floor = 1e-12;
        var score = new double[classes];
        var back = new int[frames, classes];
        for (int c = 0; c < classes; c++)
            score[c] = Math.Log(Math.Max(probabilities[0, c], floor));
        var next = new double[classes];
        for (int t = 1; t < frames; t++)
        {
            int best = ArgMax(score);
            for (int c = 0; c < classes; c++)
            {
                var stay = score[c];
                var move = score[best] - switchPenalty;
                (next[c], back[t, c]) = stay >= move || best == c ? (stay, c) : (move, best);
                next[c] += Math.Log(Math.Max(probabilities[t, c], floor));
            }
            (score, next) = (next, score);
        }
        var path = new int[frames];
        path[^1] = ArgMax(score);
        for (int t = frames - 1; t > 0; t--)
            path[t - 1] = back[t, path[t]];
        return path;
    }

    static int ArgMax(double[] xs)
    {
        int best = 0;
        for (int i = 1; i < xs.Length; i++)
            if (xs[i] > xs[best])
                best = i;
        return best;
    }
}
