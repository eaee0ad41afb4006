using System.Collections.Immutable;
using FilmScoreEmotion.Corpus;
using FilmScoreEmotion.Corpus.Synthesis;
using FilmScoreEmotion.IO;

namespace FilmScoreEmotion.Experiments;

/// <summary>The corpus a reproduction runs on: a manifest the user named, or the synthetic default, generated into
/// the data folder when it is missing or stale.</summary>
public static class CorpusSetup
{
    /// <summary>The smoke profile's corpus: the paper's two sources at a tenth of the size, so CI can run every
    /// notebook end to end in minutes; its figures say so.</summary>
    public static readonly SyntheticCorpusConfig Smoke = new SyntheticCorpusConfig() with
    {
        TargetSegments = 100,
        Sources =
        [
            .. SyntheticCorpusConfig.PaperSources.Select(s =>
                s with { Counts = s.Counts.Select(c => (c.Emotion, Math.Max(2, c.Count / 8))).ToImmutableArray(), Soundtracks = Math.Min(s.Soundtracks, 4) }
            ),
        ],
    };

    public static SyntheticCorpusConfig SyntheticConfig(ReproduceSettings settings, CorpusRenderer renderer = CorpusRenderer.SoundFont) =>
        (settings.Profile == ProfileName.Smoke ? Smoke : new SyntheticCorpusConfig()) with { Renderer = renderer };

    /// <summary>Where the synthetic corpus of this profile lives; played by another renderer it has a folder of its own,
    /// so each stays current beside the other.</summary>
    public static string SyntheticDirectory(ReproduceSettings settings, CorpusRenderer renderer = CorpusRenderer.SoundFont) =>
        Path.Combine(
            settings.DataDirectory,
            (settings.Profile == ProfileName.Smoke ? "synthetic-smoke" : "synthetic") + (renderer == CorpusRenderer.SoundFont ? "" : "-" + EnumNames.Lower(renderer))
        );

    /// <summary>The manifest to use, making the synthetic corpus first where that is the one asked for.</summary>
    public static string EnsureManifest(ReproduceSettings settings, IProgress<SynthesisProgress>? progress = null) =>
        EnsureManifest(settings, CorpusRenderer.SoundFont, progress);

    /// <summary>The manifest to use; where the corpus is the synthetic one, its compositions played by
    /// <paramref name="renderer"/>, made first when missing or stale. A corpus the user named has one rendering.</summary>
    public static string EnsureManifest(ReproduceSettings settings, CorpusRenderer renderer, IProgress<SynthesisProgress>? progress = null)
    {
        if (!settings.UsesSyntheticCorpus)
            return File.Exists(settings.Corpus) ? settings.Corpus : throw new FileNotFoundException($"{settings.Corpus}: corpus manifest not found (make one with `fse corpus import`)");
        var directory = SyntheticDirectory(settings, renderer);
        SyntheticCorpus.EnsureSynthetic(directory, SyntheticConfig(settings, renderer), progress);
        return Path.Combine(directory, SyntheticCorpus.ManifestName);
    }

    /// <summary>How figures name the corpus in their titles.</summary>
    public static string DisplayName(ReproduceSettings settings) =>
        !settings.UsesSyntheticCorpus ? $"corpus {Path.GetFileName(Path.GetDirectoryName(settings.Corpus))}"
        : settings.Profile == ProfileName.Smoke ? "synthetic corpus, smoke size"
        : "synthetic corpus";
}
