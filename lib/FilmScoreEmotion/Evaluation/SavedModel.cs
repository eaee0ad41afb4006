using System.Text.Json;
using FilmScoreEmotion.IO;
using FilmScoreEmotion.Models;
using FilmScoreEmotion.Spectra;
using FilmScoreEmotion.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FilmScoreEmotion.Evaluation;

/// <summary>What a saved model needs besides its weights to classify new audio the way it was trained: the classes in
/// output order, the input size, the spectrogram (kind and the caller's parameters, stored as given) and the per-bin
/// standardisation fitted on its training data.</summary>
public sealed record SavedModelInfo(
    int Format,
    string Model,
    string[] ClassNames,
    int Bins,
    int Frames,
    string Spectrogram,
    string SpectrogramParameters,
    float[] Mean,
    float[] Std,
    int Epochs
);

/// <param name="SpectrogramKind">the kind <see cref="SavedModelInfo.Spectrogram"/> names</param>
/// <param name="Spectrogram">the parameters <see cref="SavedModelInfo.SpectrogramParameters"/> holds, checked</param>
public sealed record LoadedModel(SavedModelInfo Info, ModelKind Kind, Sequential Network, BinStandardiser Standardiser, SpectrogramKind SpectrogramKind, SpectrogramConfig Spectrogram) : IDisposable
{
    public void Dispose() => Network.Dispose();

    /// <summary>Throws unless spectrograms of this kind and size are what the model was trained on.</summary>
    public void RequireInput(string spectrogram, int bins, int frames)
    {
        if (!string.Equals(spectrogram, Info.Spectrogram, StringComparison.OrdinalIgnoreCase) || bins != Info.Bins || frames != Info.Frames)
            throw new ArgumentException(
                $"model {Info.Model} was trained on {Info.Spectrogram} spectrograms of {Info.Bins} x {Info.Frames}, got {spectrogram} of {bins} x {frames}");
    }

    /// <summary>Class probabilities of raw log spectrograms. </summary>
    public Tensor Probabilities(Tensor x) // (n, 1, bins, frames) -> (n, classes)
    {
        if (x.dim() != 4 || x.shape[2] != Info.Bins || x.shape[3] != Info.Frames)
            throw new ArgumentException($"model {Info.Model} takes (n, 1, {Info.Bins}, {Info.Frames}) inputs, got ({string.Join(", ", x.shape)})");
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        Network.eval();
        var device = Network.parameters().First().device;
        return nn.functional.softmax(Network.forward(Standardiser.Apply(x.to(device))), 1).MoveToOuterDisposeScope();
    }
}

public static class SavedModel
{
    const int Format = 1;

    public static string InfoPath(string folder, string name) => Path.Combine(folder, name + ".json");

    public static string WeightsPath(string folder, string name) => Path.Combine(folder, name + ".weights");

    /// <summary>Writes NAME.weights and NAME.json under <paramref name="folder"/>, each through a temporary name; the JSON,
    /// written last, is what marks the pair complete.</summary>
    public static SavedModelInfo Save(string folder, string name, TrainedModel trained, string spectrogram, string spectrogramParameters)
    {
        Directory.CreateDirectory(folder);
        var info = new SavedModelInfo(
            Format, ModelCatalog.Name(trained.Kind), trained.ClassNames, trained.Bins, trained.Frames, spectrogram, spectrogramParameters,
            trained.Standardiser.Mean, trained.Standardiser.Std, trained.Epochs);
        var weights = WeightsPath(folder, name);
        AtomicFile.WriteVia(weights, temporary => trained.Network.save(temporary));
        AtomicFile.WriteAllText(InfoPath(folder, name), JsonSerializer.Serialize(info, new JsonSerializerOptions { WriteIndented = true }));
        return info;
    }

    /// <summary>Loads a model saved by <see cref="Save"/>; every inconsistency is an error naming the file.</summary>
    public static LoadedModel Load(string folder, string name, Device device)
    {
        var json = InfoPath(folder, name);
        var weights = WeightsPath(folder, name);
        if (!File.Exists(json))
            throw new FileNotFoundException($"{json}: no saved model of that name", json);
        SavedModelInfo info;
        try
        {
            info = JsonSerializer.Deserialize<SavedModelInfo>(File.ReadAllText(json))
                ?? throw new InvalidDataException($"{json}: holds null, not a saved-model description");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{json}: not a saved-model description ({Where(e)})", e);
        }
        var spectrogramKind = SpectrogramKinds.TryParse(info.Spectrogram);
        var (spectrogram, parametersProblem) = Parameters(info.SpectrogramParameters);
        var problem = info switch
        {
            { Format: not Format } => $"format {info.Format}, this program reads {Format}",
            { Model: null } => "no Model",
            { ClassNames: null or { Length: < 2 } } => "fewer than 2 class names",
            _ when spectrogramKind is null => $"Spectrogram '{info.Spectrogram}' is not one of {string.Join(", ", SpectrogramKinds.Names)}",
            _ when parametersProblem is not null => $"SpectrogramParameters: {parametersProblem}",
            _ when info.Bins != spectrogram!.Bins(spectrogramKind.Value) => $"Bins {info.Bins}, but its {info.Spectrogram} parameters give {spectrogram.Bins(spectrogramKind.Value)}",
            { Frames: <= 0 } => $"Frames {info.Frames} is not positive",
            { Mean: null } or { Std: null } => "no normalisation",
            _ when info.Mean!.Length != info.Bins || info.Std!.Length != info.Bins => $"normalisation has {info.Mean!.Length} means and {info.Std!.Length} deviations for {info.Bins} bins",
            _ when !info.Mean!.All(float.IsFinite) => "a normalisation mean is not a finite float32",
            _ when info.Std!.Any(s => !(s > 0 && float.IsFinite(s))) => "a normalisation deviation is not a positive finite float32",
            _ => null,
        };
        if (problem is not null)
            throw new InvalidDataException($"{json}: {problem}");
        ModelKind kind;
        try
        {
            kind = ModelCatalog.Parse(info.Model!);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{json}: {e.Message}", e);
        }
        if (!File.Exists(weights))
            throw new FileNotFoundException($"{weights}: the model's weights file is missing (its description {json} is there)", weights);
        var network = ModelCatalog.Create(kind, info.Bins, info.Frames, info.ClassNames!.Length);
        try
        {
            network.load(weights);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            network.Dispose();
            throw new InvalidDataException($"{weights}: weights do not fit a {info.Model} of {info.Bins} x {info.Frames} with {info.ClassNames.Length} classes ({e.Message})", e);
        }
        network.to(device).eval();
        return new LoadedModel(info, kind, network, new BinStandardiser(info.Mean!, info.Std!), spectrogramKind!.Value, spectrogram!);
    }

    static (SpectrogramConfig? Config, string? Problem) Parameters(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return (null, "missing");
        try
        {
            return JsonSerializer.Deserialize<SpectrogramConfig>(text) is { } config ? (config, config.Problem()) : (null, "null");
        }
        catch (JsonException e)
        {
            return (null, $"not a JSON object of spectrogram parameters ({Where(e)})");
        }
    }

    /// <summary>Where the JSON went wrong, without the parser's .NET type names.</summary>
    static string Where(JsonException e) => $"bad value at {e.Path ?? "$"}, line {e.LineNumber + 1}";
}
