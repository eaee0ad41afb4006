using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using FilmScoreEmotion.Audio;
using FilmScoreEmotion.IO;

namespace FilmScoreEmotion.Corpus.Synthesis;

/// <summary>A source of the synthetic corpus, shaped like one of the paper's datasets.</summary>
public sealed record SourceSpec(
    string Name,
    string IdPrefix,
    ImmutableArray<(Emotion Emotion, int Count)> Counts,
    double MinSec,
    double MaxSec,
    bool PianoOnly,
    int Soundtracks
);

/// <summary>How the composer's notes become sound: sampled instruments played by FluidSynth from General MIDI
/// SoundFonts (the default), or the additive synthesis the first corpora used.</summary>
public enum CorpusRenderer
{
    SoundFont,
    Additive,
}

/// <summary>The default corpus: the paper's two sources, excerpt counts and durations, and 976 two-second segments.</summary>
public sealed record SyntheticCorpusConfig(
    long Seed = SyntheticCorpusConfig.DefaultSeed,
    int SampleRate = 44100,
    int TargetSegments = 976,
    double SegmentSec = 2.0,
    ImmutableArray<SourceSpec> Sources = default,
    CorpusRenderer Renderer = CorpusRenderer.SoundFont
)
{
    public const long DefaultSeed = 2026;

    /// <summary>Changed whenever a change alters any output byte, so a stale corpus on disk is regenerated.</summary>
    public string GeneratorVersion =>
        Renderer == CorpusRenderer.SoundFont ? "fse-synth-4-soundfont" : "fse-synth-4-additive";

    public static readonly ImmutableArray<SourceSpec> PaperSources =
    [
        // Vieillard et al. (2008): piano pieces composed for the purpose, 10 per emotion in the paper, about 12.5 s.
        new(
            "musical-excerpts",
            "me",
            [
                (Emotion.Happiness, 10),
                (Emotion.Sadness, 10),
                (Emotion.Fear, 10),
                (Emotion.Peacefulness, 10),
            ],
            9,
            16,
            true,
            0
        ),
        // Eerola & Vuoskoski (2011): orchestral soundtrack excerpts, 94 kept by the paper (19 tender), about 16 s.
        new(
            "film-music",
            "fm",
            [
                (Emotion.Happiness, 25),
                (Emotion.Sadness, 25),
                (Emotion.Fear, 25),
                (Emotion.Peacefulness, 19),
            ],
            12,
            20,
            false,
            24
        ),
    ];

    public ImmutableArray<SourceSpec> SourcesOrDefault =>
        Sources.IsDefault ? PaperSources : Sources;
}

/// <summary>One excerpt to make: where it goes and what it must be.</summary>
public sealed record ExcerptSpec(
    int Index,
    string ExcerptId,
    SourceSpec Source,
    Emotion Emotion,
    double DurationSec,
    string? Soundtrack,
    string RelativePath
);

public sealed record SynthesisProgress(int Done, int Total, string ExcerptId);

public static class SyntheticCorpus
{
    public const string ManifestName = "manifest.csv";
    public const string StampName = "synthetic.json";

    sealed record Stamp(string Generator, long Seed, int SampleRate, int Excerpts, string Instruments);

    /// <summary>What the instruments were made from: the SoundFonts' SHA-256, so a changed SoundFont regenerates the corpus.</summary>
    static string Instruments(SyntheticCorpusConfig config) =>
        config.Renderer == CorpusRenderer.SoundFont
            ? string.Join(';', SoundFonts.All.Select(f => $"{Path.GetFileName(f.Path)}:{ContentHash.Of(f.Path)}"))
            : "additive";

    /// <summary>Lays out the corpus: ids, emotions, durations (nudged in 2-s steps until the segments total the target).</summary>
    public static ImmutableArray<ExcerptSpec> Layout(SyntheticCorpusConfig config)
    {
        var rng = Rng.For(config.Seed, -1, "layout");
        var drafts = new List<(SourceSpec source, Emotion emotion, int number, double duration)>();
        foreach (var source in config.SourcesOrDefault)
        foreach (var (emotion, count) in source.Counts)
            for (var i = 1; i <= count; i++)
                drafts.Add(
                    (source, emotion, i, Math.Round(rng.Uniform(source.MinSec, source.MaxSec), 2))
                );
        int Segments() => drafts.Sum(d => (int)Math.Floor(d.duration / config.SegmentSec + 1e-9));
        for (var guard = 0; guard < 100_000 && Segments() != config.TargetSegments; guard++)
        {
            var up = Segments() < config.TargetSegments;
            var i = rng.Int(0, drafts.Count);
            var d = drafts[i];
            var next = d.duration + (up ? config.SegmentSec : -config.SegmentSec);
            if (next >= d.source.MinSec && next <= d.source.MaxSec)
                drafts[i] = d with { duration = next };
        }
        if (Segments() != config.TargetSegments)
            throw new ArgumentException(
                $"{config.TargetSegments} two-second segments cannot be reached with these excerpt counts and durations (got {Segments()})"
            );
        return drafts
            .Select(
                (d, index) =>
                {
                    var id = $"{d.source.IdPrefix}-{d.emotion.ToName()}-{d.number:00}";
                    var soundtrack =
                        d.source.Soundtracks > 0
                            ? $"synthetic-film-{Rng.For(config.Seed, index, "film").Int(0, d.source.Soundtracks) + 1:00}"
                            : null;
                    return new ExcerptSpec(
                        index,
                        id,
                        d.source,
                        d.emotion,
                        d.duration,
                        soundtrack,
                        $"{d.source.Name}/{d.emotion.ToName()}/{id}.wav"
                    );
                }
            )
            .ToImmutableArray();
    }

    /// <summary>One rendered excerpt: what was composed, how it was recorded, and the mono master.</summary>
    public sealed record Rendered(ExcerptPlan Plan, RecordingConditions Conditions, float[] Samples);

    /// <summary>
    /// Composes, performs and records one excerpt; the result depends only on the seed and the spec (and, for the
    /// SoundFont renderer, on the SoundFonts' bytes), never on the worker or the order.
    /// </summary>
    public static Rendered Render(SyntheticCorpusConfig config, ExcerptSpec spec, SoundFontSynth? synth)
    {
        var rng = Rng.For(config.Seed, spec.Index, "excerpt");
        var plan = EmotionRules.Draw(spec.Emotion, spec.DurationSec, spec.Source.PianoOnly, rng);
        // Excerpts of one film share its orchestra and hall, as those of one soundtrack share players and recording.
        var film = RecordingConditions.DrawFilm(
            Rng.For(config.Seed, spec.Soundtrack?.GetHashCodeStable() ?? -2 - spec.Index, "recording")
        );
        var conditions = film.Vary(Rng.For(config.Seed, spec.Index, "take"));
        var notes = Composer.Compose(plan, rng);
        var stereo = config.Renderer switch
        {
            CorpusRenderer.SoundFont => (synth ?? throw new ArgumentNullException(nameof(synth), "the SoundFont renderer needs a synthesiser"))
                .Render(notes, SoundFonts.All.IndexOf(SoundFonts.Spec(conditions.SoundFont)), spec.DurationSec),
            _ => Interleave(Renderer.Render(notes, config.SampleRate, spec.DurationSec, plan.Brightness, rng)),
        };
        var master = Recording.Apply(stereo, config.SampleRate, conditions, Rng.For(config.Seed, spec.Index, "noise"));
        return new Rendered(plan, conditions, master);
    }

    static float[] Interleave(float[] mono)
    {
        var stereo = new float[2 * mono.Length];
        for (var i = 0; i < mono.Length; i++)
            stereo[2 * i] = stereo[2 * i + 1] = mono[i];
        return stereo;
    }

    /// <summary>
    /// Renders every excerpt of <paramref name="layout"/> on <paramref name="workers"/> threads, each with its own
    /// synthesiser (a SoundFont is loaded once per worker, not per excerpt), handing each result to
    /// <paramref name="done"/> as it completes.
    /// </summary>
    public static void RenderAll(
        SyntheticCorpusConfig config,
        ImmutableArray<ExcerptSpec> layout,
        int workers,
        Action<ExcerptSpec, Rendered> done,
        CancellationToken cancel = default
    )
    {
        if (config.Renderer == CorpusRenderer.SoundFont && SoundFonts.Missing() is { } missing)
            throw new SoundFontUnavailableException(missing);
        var next = -1;
        var threads = Math.Clamp(workers < 1 ? Environment.ProcessorCount : workers, 1, Math.Max(1, layout.Length));
        var tasks = Enumerable
            .Range(0, threads)
            .Select(_ =>
                Task.Factory.StartNew(
                    () =>
                    {
                        using var synth = config.Renderer == CorpusRenderer.SoundFont
                            ? new SoundFontSynth(config.SampleRate, [.. SoundFonts.All.Select(f => f.Path)])
                            : null;
                        for (var i = Interlocked.Increment(ref next); i < layout.Length; i = Interlocked.Increment(ref next))
                        {
                            cancel.ThrowIfCancellationRequested();
                            done(layout[i], Render(config, layout[i], synth));
                        }
                    },
                    cancel,
                    TaskCreationOptions.LongRunning,
                    TaskScheduler.Default
                )
            )
            .ToArray();
        try
        {
            Task.WaitAll(tasks);
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
    }

    static long GetHashCodeStable(this string s)
    {
        // FNV-1a: string.GetHashCode is randomised per process and would break determinism.
        var h = 14695981039346656037UL;
        foreach (var c in s)
            h = (h ^ c) * 1099511628211UL;
        return (long)(h >> 1);
    }

    public static ManifestEntry Entry(ExcerptSpec spec, Rendered rendered, SyntheticCorpusConfig config) =>
        new(
            spec.ExcerptId,
            spec.Source.Name,
            spec.Emotion,
            spec.RelativePath,
            spec.DurationSec,
            null,
            spec.Soundtrack,
            rendered
                .Plan.Columns()
                .AddRange(rendered.Conditions.Columns())
                .Add("generator", config.GeneratorVersion)
                .Add("seed", config.Seed.ToString(CultureInfo.InvariantCulture))
        );

    /// <summary>
    /// Generates the corpus into <paramref name="directory"/>: written into a sibling temporary folder and swapped in
    /// by rename, so an interrupted run leaves either the old corpus or none, never half of one.
    /// </summary>
    public static Manifest Generate(
        string directory,
        SyntheticCorpusConfig config,
        IProgress<SynthesisProgress>? progress = null,
        int maxParallelism = -1
    )
    {
        var target = Path.GetFullPath(directory);
        var parent = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(parent);
        var temp = Path.Combine(parent, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        Directory.CreateDirectory(temp);
        try
        {
            var layout = Layout(config);
            var entries = new ManifestEntry[layout.Length];
            var done = 0;
            RenderAll(
                config,
                layout,
                maxParallelism,
                (spec, rendered) =>
                {
                    WavWriter.WritePcm16(Path.Combine(temp, spec.RelativePath), rendered.Samples, config.SampleRate);
                    entries[spec.Index] = Entry(spec, rendered, config);
                    progress?.Report(
                        new SynthesisProgress(Interlocked.Increment(ref done), layout.Length, spec.ExcerptId)
                    );
                }
            );
            Manifest.Write(Path.Combine(temp, ManifestName), entries);
            var stamp = JsonSerializer.Serialize(
                new Stamp(config.GeneratorVersion, config.Seed, config.SampleRate, layout.Length, Instruments(config))
            );
            AtomicFile.WriteAllText(Path.Combine(temp, StampName), stamp);
            string? old = null;
            if (Directory.Exists(target))
            {
                old = Path.Combine(parent, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.old");
                Directory.Move(target, old);
            }
            Directory.Move(temp, target);
            if (old is not null)
                Directory.Delete(old, recursive: true);
            return new Manifest([.. entries]);
        }
        finally
        {
            if (Directory.Exists(temp))
                Directory.Delete(temp, recursive: true);
        }
    }

    /// <summary>Why the corpus in <paramref name="directory"/> is not the one <paramref name="config"/> makes, or null when it is.</summary>
    public static string? Staleness(string directory, SyntheticCorpusConfig config)
    {
        var stampPath = Path.Combine(directory, StampName);
        var manifestPath = Path.Combine(directory, ManifestName);
        if (!File.Exists(stampPath) || !File.Exists(manifestPath))
            return "no synthetic corpus there yet";
        Stamp? stamp;
        try
        {
            stamp = JsonSerializer.Deserialize<Stamp>(File.ReadAllText(stampPath));
        }
        catch (JsonException)
        {
            return $"{stampPath} is unreadable";
        }
        if (
            stamp is null
            || stamp.Generator != config.GeneratorVersion
            || stamp.Seed != config.Seed
            || stamp.SampleRate != config.SampleRate
        )
            return $"made by {stamp?.Generator} with seed {stamp?.Seed}, wanted {config.GeneratorVersion} with seed {config.Seed}";
        if (config.Renderer == CorpusRenderer.SoundFont && SoundFonts.Missing() is null && stamp.Instruments != Instruments(config))
            return "made with other SoundFonts than the installed ones";
        Manifest manifest;
        try
        {
            manifest = Manifest.Read(manifestPath);
        }
        catch (InvalidDataException e)
        {
            return e.Message;
        }
        var layout = Layout(config);
        if (manifest.Entries.Length != layout.Length)
            return $"manifest lists {manifest.Entries.Length} excerpts, expected {layout.Length}";
        foreach (var spec in layout)
        {
            var path = Path.Combine(directory, spec.RelativePath);
            var expected = 44 + 2L * (long)Math.Round(spec.DurationSec * config.SampleRate);
            if (!File.Exists(path))
                return $"{path} is missing";
            if (new FileInfo(path).Length != expected)
                return $"{path} has {new FileInfo(path).Length} bytes, expected {expected}";
        }
        return null;
    }

    /// <summary>The default corpus with another seed, made only when missing or stale.</summary>
    public static (Manifest Manifest, bool Generated) EnsureSynthetic(
        string directory,
        long seed = SyntheticCorpusConfig.DefaultSeed,
        IProgress<SynthesisProgress>? progress = null
    ) => EnsureSynthetic(directory, new SyntheticCorpusConfig(Seed: seed), progress);

    /// <summary>Makes the corpus only when it is missing, incomplete or made by another seed or generator version.</summary>
    public static (Manifest Manifest, bool Generated) EnsureSynthetic(
        string directory,
        SyntheticCorpusConfig config,
        IProgress<SynthesisProgress>? progress = null
    )
    {
        if (Staleness(directory, config) is null)
            return (Manifest.Read(Path.Combine(directory, ManifestName)), false);
        return (Generate(directory, config, progress), true);
    }
}
