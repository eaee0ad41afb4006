using System.Security.Cryptography;
using FilmScoreEmotion.Evaluation;
using FilmScoreEmotion.Models;
using FilmScoreEmotion.Training;

namespace FilmScoreEmotion.Experiments;

/// <summary>The runs of one (model, spectrogram, protocol) experiment on one corpus's features.</summary>
public static class GridPlan
{
    /// <summary>The data a model trains on: Cnn3 keeps three of the four classes.</summary>
    public static LabelledSegments DataFor(ModelKind model, LabelledSegments all) =>
        ModelCatalog.ClassesKept(model) is { } kept ? all.KeepClasses(kept) : all;

    /// <summary>The first <paramref name="maxPerExcerpt"/> segments of every excerpt (all of them when null).</summary>
    public static LabelledSegments Subsample(LabelledSegments data, int? maxPerExcerpt)
    {
        if (maxPerExcerpt is not { } max)
            return data;
        var seen = new Dictionary<string, int>();
        var keep = Enumerable.Range(0, data.Count).Where(i => (seen[data.ExcerptIds[i]] = seen.GetValueOrDefault(data.ExcerptIds[i]) + 1) <= max).ToArray();
        return new LabelledSegments(
            data.X.index_select(0, TorchSharp.torch.tensor(keep.Select(i => (long)i).ToArray())),
            [.. keep.Select(i => data.Labels[i])], [.. keep.Select(i => data.ExcerptIds[i])], [.. keep.Select(i => data.Groups[i])], data.ClassNames);
    }

    /// <summary>SHA-256 over the features and their labels, excerpts and groups.</summary>
    public static string DataHash(LabelledSegments data)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var x = data.X.contiguous().cpu();
        sha.AppendData(x.bytes);
        sha.AppendData(System.Text.Encoding.UTF8.GetBytes(string.Join('|', data.Labels) + "#" + string.Join('|', data.ExcerptIds) + "#" + string.Join('|', data.Groups) + "#" + string.Join('|', data.ClassNames)));
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    public static IReadOnlyList<(GridRun Run, Fold Fold)> Runs(ExperimentSpec spec, LabelledSegments data, string dataHash, TrainerConfig trainer)
    {
        var inputs = GridRun.Hash($"{dataHash}|folds={spec.Folds}|repeats={spec.Repeats}|test={spec.TestFraction:R}|{trainer.Fingerprint}");
        return Protocols.Folds(spec.Protocol, data.Labels, data.ExcerptIds, data.Groups, spec.Folds, spec.Repeats, spec.TestFraction, trainer.Seed)
            .Select(f => (GridRun.Create(ModelCatalog.Name(spec.Model), spec.Spectrogram, Protocols.Name(spec.Protocol), f.Repeat, f.Index, trainer.Seed, inputs), f))
            .ToList();
    }
}
