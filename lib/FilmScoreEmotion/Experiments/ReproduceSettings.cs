using System.Text.Json;
using FilmScoreEmotion.Runtime;
using FilmScoreEmotion.Training;
using FilmScoreEmotion.IO;

namespace FilmScoreEmotion.Experiments;

public enum ProfileName
{
    Smoke,
    Converged,
    Paper,
}

/// <summary>What every notebook reads first: the profile, the corpus ("synthetic" or a manifest path), the
/// device, the training precision and the caption model's first seed, plus where data and results live. A reviewer
/// changes one line of <c>notebooks/settings.json</c>; <c>fse reproduce</c> overrides it through FSE_PROFILE,
/// FSE_CORPUS, FSE_DEVICE, FSE_PRECISION and FSE_CAPTION_SEED.</summary>
public sealed record ReproduceSettings(
    ProfileName Profile,
    string Corpus,
    DeviceRequest Device,
    string RepositoryRoot,
    string ResultsDirectory,
    string DataDirectory,
    Precision Precision = Precision.Fp32,
    int CaptionSeed = 0
)
{
    public const string SettingsFile = "notebooks/settings.json";
    public const string Synthetic = "synthetic";

    /// <summary>The largest first seed: the networks' seeds count up from it and must stay integers.</summary>
    public const int MaxCaptionSeed = 1_000_000;

    public static bool IsCaptionSeed(int seed) => seed is >= 0 and <= MaxCaptionSeed;

    /// <summary>The caption seed <paramref name="text"/> names, or null when it is not a whole number from 0 to
    /// <see cref="MaxCaptionSeed"/>.</summary>
    public static int? ParseCaptionSeed(string text) =>
        int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seed) && IsCaptionSeed(seed) ? seed : null;

    public bool UsesSyntheticCorpus => Corpus == Synthetic;

    /// <summary>Finds the repository above <paramref name="startDirectory"/>, reads its settings file and applies the
    /// environment's overrides.</summary>
    public static ReproduceSettings Load(string startDirectory, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var root = FindRepositoryRoot(startDirectory);
        string? Env(string name) => environment is null ? Environment.GetEnvironmentVariable(name) : environment.GetValueOrDefault(name);
        var path = Path.Combine(root, SettingsFile);
        // every notebook and `fse reproduce` read it: without it they would silently fall back to defaults
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: settings file not found (restore it: git checkout {SettingsFile})");
        Dictionary<string, string> file;
        try
        {
            file = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(path)) ?? [];
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a JSON object of strings ({e.Message})");
        }
        string Pick(string env, string key, string fallback) => Env(env) ?? file.GetValueOrDefault(key) ?? fallback;
        var profileText = Pick("FSE_PROFILE", "profile", "converged");
        if (EnumNames.TryParse<ProfileName>(profileText, EnumNames.Lower) is not { } profile)
            throw new ArgumentException($"unknown profile '{profileText}' (from FSE_PROFILE or {path}): use smoke, converged or paper");
        var captionSeedText = Pick("FSE_CAPTION_SEED", "caption-seed", "0");
        if (ParseCaptionSeed(captionSeedText) is not { } captionSeed)
            throw new ArgumentException($"caption seed '{captionSeedText}' (from FSE_CAPTION_SEED or {path}) is not a whole number from 0 to {MaxCaptionSeed}");
        var corpus = Pick("FSE_CORPUS", "corpus", Synthetic);
        if (corpus != Synthetic && !Path.IsPathRooted(corpus))
            corpus = Path.GetFullPath(Path.Combine(root, corpus));
        return new ReproduceSettings(
            profile,
            corpus,
            DeviceChoice.Parse(Pick("FSE_DEVICE", "device", "auto")),
            root,
            Path.GetFullPath(Path.Combine(root, Pick("FSE_RESULTS", "results", "results"))),
            Path.GetFullPath(Path.Combine(root, Pick("FSE_DATA", "data", "data"))),
            Precisions.Parse(Pick("FSE_PRECISION", "precision", "fp32")),
            captionSeed
        );
    }

    public static string FindRepositoryRoot(string startDirectory)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(startDirectory)); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Experiments.sln")))
                return dir.FullName;
        throw new DirectoryNotFoundException($"{startDirectory}: not inside the Film Score Emotion repository (no Experiments.sln above it)");
    }
}
