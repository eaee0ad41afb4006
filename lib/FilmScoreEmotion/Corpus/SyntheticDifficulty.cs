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
        Parallel.For(
            0,
            layout.Length,
            i =>
            {
                var (_, samples) = SyntheticCorpus.Render(config, layout[i]);
                perExcerpt[i] = BandEnergy.SegmentFeatures(samples, config.SampleRate, bands);
                progress?.Report(
                    new SynthesisProgress(
                        Interlocked.Increment(ref done),
                        layout.Length,
                        layout[i].ExcerptId
                    )
                );
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
