using System.Collections.Immutable;
using FilmScoreEmotion.Audio;
using FilmScoreEmotion.Corpus;
using FilmScoreEmotion.Corpus.Synthesis;
using FilmScoreEmotion.Tests.Foundation;

namespace FilmScoreEmotion.Tests.Corpus;

public class SyntheticCorpusTests
{
    /// <summary>A corpus small enough for a unit test: one short excerpt per emotion and source.</summary>
    static SyntheticCorpusConfig Tiny(long seed) =>
        new(
            Seed: seed,
            SampleRate: 16000,
            TargetSegments: 6,
            Sources:
            [
                new(
                    "musical-excerpts",
                    "me",
                    [(Emotion.Happiness, 1), (Emotion.Fear, 1)],
                    2,
                    3,
                    true,
                    0
                ),
                new(
                    "film-music",
                    "fm",
                    [(Emotion.Sadness, 1), (Emotion.Peacefulness, 1), (Emotion.Fear, 1)],
                    2,
                    5,
                    false,
                    2
                ),
            ]
        );

    [Fact]
    public void Default_layout_has_the_papers_shape()
    {
        var layout = SyntheticCorpus.Layout(new SyntheticCorpusConfig());
        Assert.Equal(134, layout.Length);
        Assert.Equal(976, layout.Sum(s => (int)Math.Floor(s.DurationSec / 2)));
        var me = layout.Where(s => s.Source.Name == "musical-excerpts").ToList();
        var fm = layout.Where(s => s.Source.Name == "film-music").ToList();
        Assert.All(EmotionNames.All, e => Assert.Equal(10, me.Count(s => s.Emotion == e)));
        Assert.Equal([25, 25, 25, 19], EmotionNames.All.Select(e => fm.Count(s => s.Emotion == e)));
        Assert.All(me, s => Assert.InRange(s.DurationSec, 9, 16));
        Assert.All(fm, s => Assert.InRange(s.DurationSec, 12, 20));
        Assert.Equal(layout.Length, layout.Select(s => s.ExcerptId).Distinct().Count());
        Assert.All(fm, s => Assert.StartsWith("synthetic-film-", s.Soundtrack));
    }

    [Fact]
    public void An_unreachable_segment_target_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            SyntheticCorpus.Layout(Tiny(1) with { TargetSegments = 9 })
        );
        Assert.Contains("9 two-second segments cannot be reached", e.Message);
    }

    static SoundFontSynth Synth(int sampleRate) =>
        new(sampleRate, [.. SoundFonts.All.Select(f => f.Path)]);

    [SkippableFact]
    public void Same_seed_gives_identical_bytes_on_any_worker_and_another_seed_differs()
    {
        SystemTools.Require(SystemTools.FluidSynth);
        var config = Tiny(7);
        var layout = SyntheticCorpus.Layout(config);
        var spec = layout.First(s => s.Emotion == Emotion.Fear && !s.Source.PianoOnly);
        using var used = Synth(config.SampleRate);
        foreach (var other in layout)
            SyntheticCorpus.Render(config, other, used);
        using var fresh = Synth(config.SampleRate);
        byte[] Bytes(SyntheticCorpusConfig c, SoundFontSynth synth) =>
            WavWriter.EncodePcm16(SyntheticCorpus.Render(c, spec, synth).Samples, c.SampleRate);
        var first = Bytes(config, fresh);
        Assert.Equal(first, Bytes(config, used));
        Assert.Equal(first, Bytes(config, fresh));
        Assert.NotEqual(first, Bytes(Tiny(8), fresh));
        Assert.NotEqual(first, Bytes(config with { Renderer = CorpusRenderer.Additive }, fresh));
    }

    [Fact]
    public void The_additive_renderer_needs_no_synthesiser_and_is_deterministic()
    {
        var config = Tiny(7) with { Renderer = CorpusRenderer.Additive };
        var spec = SyntheticCorpus.Layout(config)[0];
        Assert.Equal(SyntheticCorpus.Render(config, spec, null).Samples, SyntheticCorpus.Render(config, spec, null).Samples);
        Assert.Throws<ArgumentNullException>(() => SyntheticCorpus.Render(config with { Renderer = CorpusRenderer.SoundFont }, spec, null));
    }

    [SkippableTheory]
    [InlineData(CorpusRenderer.SoundFont)]
    [InlineData(CorpusRenderer.Additive)]
    public void Rendered_audio_is_finite_audible_and_within_full_scale(CorpusRenderer renderer)
    {
        if (renderer == CorpusRenderer.SoundFont)
            SystemTools.Require(SystemTools.FluidSynth);
        var config = Tiny(3) with { Renderer = renderer };
        var layout = SyntheticCorpus.Layout(config);
        SyntheticCorpus.RenderAll(
            config,
            layout,
            2,
            (spec, rendered) =>
            {
                var samples = rendered.Samples;
                Assert.Equal((int)Math.Round(spec.DurationSec * config.SampleRate), samples.Length);
                Assert.All(samples, x => Assert.True(float.IsFinite(x) && Math.Abs(x) <= 0.971f));
                // The delivery level is drawn in [-36, -8] dBFS RMS (film level +-6 dB); the peak limiter only lowers it.
                var rmsDb = 20 * Math.Log10(Math.Sqrt(samples.Average(x => (double)x * x)));
                Assert.InRange(rmsDb, -45, -7.9);
            }
        );
    }

    [Fact]
    public void Plans_follow_the_emotion_cues_on_average_but_overlap()
    {
        var plans = EmotionNames.All.ToDictionary(
            e => e,
            e =>
                Enumerable
                    .Range(0, 300)
                    .Select(i => EmotionRules.Draw(e, 15, false, Rng.For(1, i, e.ToString())))
                    .ToList()
        );
        double Mean(Emotion e, Func<ExcerptPlan, double> f) => plans[e].Average(f);
        Assert.True(
            Mean(Emotion.Happiness, p => p.Tempo) > Mean(Emotion.Peacefulness, p => p.Tempo) + 30
        );
        Assert.True(Mean(Emotion.Sadness, p => MusicTheory.IsMinor(p.Mode) ? 1 : 0) > 0.7);
        Assert.True(
            Mean(Emotion.Peacefulness, p => p.Dynamics) < Mean(Emotion.Happiness, p => p.Dynamics)
        );
        Assert.True(
            Mean(Emotion.Fear, p => p.Dissonance) > 3 * Mean(Emotion.Happiness, p => p.Dissonance)
        );
        Assert.True(Mean(Emotion.Fear, p => p.BassMidi) < Mean(Emotion.Happiness, p => p.BassMidi));
        // Overlap: some sad pieces are in major, sad and peaceful share tempi, some fear pieces are regular.
        Assert.Contains(plans[Emotion.Sadness], p => p.Mode == Mode.Major);
        Assert.Contains(plans[Emotion.Sadness], p => p.Tempo > 80);
        Assert.Contains(plans[Emotion.Peacefulness], p => p.Tempo < 70);
        Assert.Contains(plans[Emotion.Fear], p => p.Irregularity < 0.1 && p.Dissonance < 0.15);
        Assert.Contains(plans[Emotion.Fear], p => p.Character == Character.Stalking);
        Assert.Contains(plans[Emotion.Fear], p => p.Character == Character.Shocking);
    }

    [SkippableFact]
    public void Generate_is_reproducible_and_Ensure_regenerates_only_when_stale()
    {
        SystemTools.Require(SystemTools.FluidSynth);
        using var dir = new TempDir();
        var config = Tiny(11);
        var a = dir.Combine("a");
        var progress = new List<SynthesisProgress>();
        var (manifest, generated) = SyntheticCorpus.EnsureSynthetic(
            a,
            config,
            new SyncProgress(progress.Add)
        );
        Assert.True(generated);
        Assert.Equal(5, progress.Count);
        Assert.Equal(5, manifest.Entries.Length);
        Assert.All(
            manifest.Entries,
            e => Assert.True(File.Exists(Manifest.ResolvePath(Path.Combine(a, "manifest.csv"), e)))
        );
        Assert.All(manifest.Entries, e => Assert.Equal("fse-synth-4-soundfont", e.Columns["generator"]));
        Assert.Empty(Directory.GetDirectories(dir.Path, ".*"));

        var b = dir.Combine("b");
        SyntheticCorpus.Generate(b, config, maxParallelism: 1);
        foreach (var f in Directory.GetFiles(a, "*", SearchOption.AllDirectories))
            Assert.Equal(
                File.ReadAllBytes(f),
                File.ReadAllBytes(Path.Combine(b, Path.GetRelativePath(a, f)))
            );

        Assert.False(SyntheticCorpus.EnsureSynthetic(a, config).Generated);
        File.Delete(Manifest.ResolvePath(Path.Combine(a, "manifest.csv"), manifest.Entries[2]));
        Assert.Contains("is missing", SyntheticCorpus.Staleness(a, config));
        Assert.True(SyntheticCorpus.EnsureSynthetic(a, config).Generated);
        Assert.Null(SyntheticCorpus.Staleness(a, config));
        Assert.Contains("seed 12", SyntheticCorpus.Staleness(a, config with { Seed = 12 }));
        Assert.Contains("fse-synth-4-additive", SyntheticCorpus.Staleness(a, config with { Renderer = CorpusRenderer.Additive }));
    }

    sealed class SyncProgress(Action<SynthesisProgress> report) : IProgress<SynthesisProgress>
    {
        readonly object _gate = new();

        public void Report(SynthesisProgress value)
        {
            lock (_gate)
                report(value);
        }
    }
}
