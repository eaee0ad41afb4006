using FilmScoreEmotion.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace FilmScoreEmotion.Tests.Training;

/// <summary>Class-dependent Gaussian blobs: class c raises a band of bins whose position depends on c, each excerpt adds
/// its own offset (so segments of one excerpt resemble each other more than those of another), plus unit noise.</summary>
public static class SyntheticSegments
{
    public static readonly string[] Emotions = ["happiness", "sadness", "fear", "peacefulness"];

    public static LabelledSegments Blobs(int excerptsPerClass, int segmentsPerExcerpt, int bins = 16, int frames = 16, int classes = 4, int seed = 1, float strength = 1.5f)
    {
        torch.manual_seed(seed);
        var n = classes * excerptsPerClass * segmentsPerExcerpt;
        var labels = new int[n];
        var excerpts = new string[n];
        var parts = new List<Tensor>();
        var band = bins / classes;
        var i = 0;
        for (var c = 0; c < classes; c++)
            for (var e = 0; e < excerptsPerClass; e++)
            {
                var excerptOffset = torch.randn(1, 1, bins, 1) * 0.5f;
                for (var s = 0; s < segmentsPerExcerpt; s++, i++)
                {
                    var x = torch.randn(1, 1, bins, frames) + excerptOffset; // (1, 1, bins, frames)
                    x[.., .., TensorIndex.Slice(c * band, (c + 1) * band), ..] += strength;
                    parts.Add(x * 3 - 40); // dB-like scale so standardisation matters
                    labels[i] = c;
                    excerpts[i] = $"{Emotions[c]}-{e:D2}";
                }
            }
        return new LabelledSegments(torch.cat(parts, 0), labels, excerpts, excerpts.ToArray(), Emotions.Take(classes).ToArray()).Validated();
    }
}
