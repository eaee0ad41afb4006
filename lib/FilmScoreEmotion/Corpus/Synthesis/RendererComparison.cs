using System.Collections.Immutable;

namespace FilmScoreEmotion.Corpus.Synthesis;

/// <summary>The same composed excerpts played by each renderer, for hearing and seeing what the SoundFont changed.</summary>
public static class RendererComparison
{
    public sealed record Take(Emotion Emotion, string ExcerptId, CorpusRenderer Renderer, float[] Samples);

    /// <summary>The first film-music excerpt of each emotion, rendered by every renderer (same notes, same
    /// recording conditions). // each take: (samples) mono at config.SampleRate</summary>
    public static ImmutableArray<Take> OnePerEmotion(SyntheticCorpusConfig config)
    {
        var layout = SyntheticCorpus.Layout(config);
        var chosen = EmotionNames.All.Select(e => layout.First(s => s.Emotion == e && !s.Source.PianoOnly)).ToList();
        using var synth = new SoundFontSynth(config.SampleRate, [.. SoundFonts.All.Select(f => f.Path)]);
        return
        [
            .. Enum.GetValues<CorpusRenderer>()
                .SelectMany(renderer =>
                    chosen.Select(spec => new Take(
                        spec.Emotion,
                        spec.ExcerptId,
                        renderer,
                        SyntheticCorpus.Render(config with { Renderer = renderer }, spec, synth).Samples
                    ))
                ),
        ];
    }
}
