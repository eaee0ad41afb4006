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

/// <summary>The default corpus: the paper's two sources, excerpt counts and durations, and 976 two-second segments.</summary>
public sealed record SyntheticCorpusConfig(
    long Seed = SyntheticCorpusConfig.DefaultSeed,
    int SampleRate = 44100,
    int TargetSegments = 976,
    double SegmentSec = 2.0,
    ImmutableArray<SourceSpec> Sources = default
)
{
    public const long DefaultSeed = 2026;

    /// <summary>Bumped whenever a change alters any output byte, so a stale corpus on disk is regenerated.</summary>
    public const string GeneratorVersion = "fse-synth-1";

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

    sealed record Stamp(string Generator, long Seed, int SampleRate, int Excerpts);

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

    /// <summary>Composes and renders one excerpt; the result depends only on the seed and the spec.</summary>
    public static (ExcerptPlan Plan, float[] Samples) Render(
        SyntheticCorpusConfig config,
        ExcerptSpec spec
    )
    {
        var rng = Rng.For(config.Seed, spec.Index, "excerpt");
        var plan = EmotionRules.Draw(spec.Emotion, spec.DurationSec, spec.Source.PianoOnly, rng);
        if (spec.Soundtrack is not null)
        {
            // Excerpts of one film share its hall, as those of one soundtrack share orchestra and recording.
            var film = Rng.For(config.Seed, spec.Soundtrack.GetHashCodeStable(), "room");
            plan = plan with
            {
                ReverbSec = 0.5 * plan.ReverbSec + 0.5 * film.Uniform(1.0, 3.2),
                NoiseDb = 0.5 * plan.NoiseDb + 0.5 * film.Uniform(-68, -50),
            };
        }
        var notes = Composer.Compose(plan, rng);
        var dry = Renderer.Render(notes, config.SampleRate, spec.DurationSec, plan.Brightness, rng);
        var wet = Reverb.Apply(
            dry,
            config.SampleRate,
            plan.ReverbSec,
            plan.ReverbWet,
            0.15 + 0.5 * (1 - plan.Brightness)
        );
        return (plan, Mastering.Finish(wet, config.SampleRate, plan.NoiseDb, plan.Dynamics, rng));
    }

    static long GetHashCodeStable(this string s)
    {
        // FNV-1a: string.GetHashCode is randomised per process and would break determinism.
        var h = 14695981039346656037UL;
        foreach (var c in s)
            h = (h ^ c) * 1099511628211UL;
        return (long)(h >> 1);
    }

    public static ManifestEntry Entry(ExcerptSpec spec, ExcerptPlan plan, long seed) =>
        new(
            spec.ExcerptId,
            spec.Source.Name,
            spec.Emotion,
            spec.RelativePath,
            spec.DurationSec,
            null,
            spec.Soundtrack,
            plan.Columns()
                .Add("generator", SyntheticCorpusConfig.GeneratorVersion)
                .Add("seed", seed.ToString(CultureInfo.InvariantCulture))
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
            Parallel.For(
                0,
                layout.Length,
                new ParallelOptions { MaxDegreeOfParallelism = maxParallelism },
                i =>
                {
                    var spec = layout[i];
                    var (plan, samples) = Render(config, spec);
                    WavWriter.WritePcm16(
                        Path.Combine(temp, spec.RelativePath),
                        samples,
                        config.SampleRate
                    );
                    entries[i] = Entry(spec, plan, config.Seed);
                    progress?.Report(
                        new SynthesisProgress(
                            Interlocked.Increment(ref done),
                            layout.Length,
                            spec.ExcerptId
                        )
                    );
                }
            );
            Manifest.Write(Path.Combine(temp, ManifestName), entries);
            var stamp = JsonSerializer.Serialize(
                new Stamp(
                    SyntheticCorpusConfig.GeneratorVersion,
                    config.Seed,
                    config.SampleRate,
                    layout.Length
                )
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
            || stamp.Generator != SyntheticCorpusConfig.GeneratorVersion
            || stamp.Seed != config.Seed
            || stamp.SampleRate != config.SampleRate
        )
            return $"made by {stamp?.Generator} with seed {stamp?.Seed}, wanted {SyntheticCorpusConfig.GeneratorVersion} with seed {config.Seed}";
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
