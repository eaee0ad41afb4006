using FilmScoreEmotion.Baselines;
using FilmScoreEmotion.Corpus.Synthesis;

namespace FilmScoreEmotion.Corpus;

/// <summary>Features and labels of the synthetic corpus, rendered in memory (the same samples the WAVs hold before 16-bit rounding).</summary>
public static class SyntheticDifficulty
{
    public sealed record Dataset(
        float[][] Features,
        int[] Labels,
        string[] Groups,
        string[] Soundtracks
    );

    public static Dataset Features(
        SyntheticCorpusConfig config,
        BandEnergy.Config bands,
        IProgress<SynthesisProgress>? progress = null
    )
    {
        var layout = SyntheticCorpus.Layout(config);
        var perExcerpt = new float[layout.Length][][];
        var done = 0;
        SyntheticCorpus.RenderAll(
            config,
            layout,
            -1,
            (spec, rendered) =>
            {
                perExcerpt[spec.Index] = BandEnergy.SegmentFeatures(rendered.Samples, config.SampleRate, bands);
                progress?.Report(new SynthesisProgress(Interlocked.Increment(ref done), layout.Length, spec.ExcerptId));
            }
        );
        var rows = layout.SelectMany((spec, i) => perExcerpt[i].Select(f => (spec, f))).ToList();
        return new Dataset(
            rows.Select(r => r.f).ToArray(),
            rows.Select(r => (int)r.spec.Emotion).ToArray(),
            rows.Select(r => r.spec.ExcerptId).ToArray(),
            rows.Select(r => r.spec.Soundtrack ?? r.spec.ExcerptId).ToArray()
        );
    }
}
