using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text.Json;
using FilmScoreEmotion.Evaluation;
using FilmScoreEmotion.IO;
using FilmScoreEmotion.Models;
using FilmScoreEmotion.Spectra;
using FilmScoreEmotion.Training;

namespace FilmScoreEmotion.Experiments.Runs;

/// <summary>The corpus a grid was planned on: its manifest and a SHA-256 of the manifest's bytes.</summary>
public sealed record GridCorpus(string Manifest, string ContentHash)
{
    public static GridCorpus Of(string manifest) =>
        new(Path.GetFullPath(manifest), Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(manifest))));
}

/// <summary>One line of the plan: run <see cref="Index"/> (the Slurm array index) and everything that names it.</summary>
public sealed record GridEntry(int Index, string Id, ModelKind Model, SpectrogramKind Spectrogram, ProtocolKind Protocol, int Repeat, int Fold, int Seed, string InputsHash)
{
    public static GridEntry Of(int index, GridRun run) =>
        new(index, run.Id, run.Model, run.Spectrogram, run.Protocol, run.Repeat, run.Fold, run.Seed, run.InputsHash);

    public GridRun ToRun() => new(Id, Model, Spectrogram, Protocol, Repeat, Fold, Seed, InputsHash);
}

/// <summary><c>DIR/grid.json</c>: a planned grid. <see cref="PlanHash"/> is a SHA-256 over the rest of the document,
/// so a hand edit is noticed before any run trusts it.</summary>
/// <param name="Corpus">what <c>fse grid plan --corpus</c> was given (synthetic, smoke or a manifest path)</param>
/// <param name="FeatureCache">the feature cache the plan filled and every run reads (shared by all nodes)</param>
/// <param name="Precision">the training precision every run of the plan uses</param>
public sealed record GridDocument(ProfileName Profile, string Corpus, GridCorpus Manifest, string FeatureCache, string PlanHash, ImmutableArray<GridEntry> Runs, Precision Precision = Precision.Fp32)
{
    public const string FileName = "grid.json";

    public static string PathIn(string directory) => Path.Combine(directory, FileName);

    public static GridDocument Create(ProfileName profile, string corpus, GridCorpus manifest, string featureCache, IEnumerable<GridRun> runs, Precision precision = Precision.Fp32)
    {
        var document = new GridDocument(profile, corpus, manifest, Path.GetFullPath(featureCache), "", [.. runs.Select((r, i) => GridEntry.Of(i, r))], precision);
        return document with { PlanHash = document.ComputeHash() };
    }

    public string ComputeHash() => GridRun.Hash(JsonSerializer.Serialize(this with { PlanHash = "" }, GridRun.Json));

    /// <summary>The command that makes this plan again, for messages that ask for a re-plan.</summary>
    public string ReplanCommand(string directory) =>
        $"fse grid plan --profile {EnumNames.Lower(Profile)} --corpus {Corpus}{(Precision == Precision.Fp32 ? "" : $" --precision {Precisions.Name(Precision)}")} --output {directory}";

    public void Write(string directory) => AtomicFile.WriteAllText(PathIn(directory), JsonSerializer.Serialize(this, GridRun.Json));

    /// <summary>The plan in <paramref name="directory"/>, checked against its own hash.</summary>
    public static GridDocument Read(string directory)
    {
        var path = PathIn(directory);
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: no grid plan here (make one with `fse grid plan --profile smoke|converged|paper --output {directory}`)", path);
        GridDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<GridDocument>(File.ReadAllText(path), GridRun.Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a grid plan ({e.Message}); re-plan with `fse grid plan --profile smoke|converged|paper --output {directory}`");
        }
        if (document is null || document.Runs.IsDefault || document.Manifest is null)
            throw new InvalidDataException($"{path}: not a grid plan; re-plan with `fse grid plan --profile smoke|converged|paper --output {directory}`");
        if (document.ComputeHash() != document.PlanHash)
            throw new InvalidDataException($"{path}: grid.json was edited (its plan hash no longer matches); re-plan with `{document.ReplanCommand(directory)}`");
        return document;
    }

    /// <summary>Run <paramref name="index"/>, or a message that says which indices exist.</summary>
    public GridEntry At(int index, string directory) =>
        index >= 0 && index < Runs.Length ? Runs[index]
        : throw new ArgumentException($"{PathIn(directory)}: index {index} is out of range: this grid has runs 0-{Runs.Length - 1}");
}
