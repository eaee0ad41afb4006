using System.Collections.Immutable;
using System.Text.Json;
using FilmScoreEmotion.IO;
using FilmScoreEmotion.Models;
using FilmScoreEmotion.Runtime;
using FilmScoreEmotion.Spectra;
using FilmScoreEmotion.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FilmScoreEmotion.Evaluation;

/// <summary>What a saved model needs besides its weights to classify new audio the way it was trained: the classes in
/// output order, the input size, the spectrogram (kind and the caller's parameters, stored as given) and its members:
/// one network, or several trained alike from other seeds whose probabilities are averaged; and the tonal expert
/// learnt from the same corpus, where the spectrogram folds into pitch classes (a model saved before it had none).</summary>
public sealed record SavedModelInfo(
    int Format,
    string Model,
    string[] ClassNames,
    int Bins,
    int Frames,
    string Spectrogram,
    string SpectrogramParameters,
    SavedMember[] Members,
    Captions.TonalContext.Expert? Tonal = null
)
{
    /// <summary>The longest member's training, for a one-line description.</summary>
    public int Epochs => Members.Max(m => m.Epochs);
}

/// <summary>One network of a saved model: the seed it was trained from, the per-bin standardisation fitted on its
/// training data, which it applies to every input itself, and the corpus it learnt from where its maker named one
/// (members of one model may learn from different corpora). Its weights are found by the description's name and the
/// member's place (<see cref="SavedModel.WeightsPath"/>), so a model copied under another name keeps working.</summary>
public sealed record SavedMember(int Seed, float[] Mean, float[] Std, int Epochs, string? Corpus = null);

/// <summary>A trained network to save as a member, with the seed and the corpus it came from.</summary>
public sealed record ModelMember(TrainedModel Trained, int Seed, string? Corpus = null);

/// <summary>A loaded member: the network and the standardisation its input needs.</summary>
public sealed record LoadedMember(Sequential Network, BinStandardiser Standardiser);

/// <param name="SpectrogramKind">the kind <see cref="SavedModelInfo.Spectrogram"/> names</param>
/// <param name="Spectrogram">the parameters <see cref="SavedModelInfo.SpectrogramParameters"/> holds, checked</param>
public sealed record LoadedModel(SavedModelInfo Info, ModelKind Kind, ImmutableArray<LoadedMember> Members, SpectrogramKind SpectrogramKind, SpectrogramConfig Spectrogram) : IDisposable
{
    public void Dispose()
    {
        foreach (var member in Members)
            member.Network.Dispose();
    }

    /// <summary>Throws unless spectrograms of this kind and size are what the model was trained on.</summary>
    public void RequireInput(string spectrogram, int bins, int frames)
    {
        if (!string.Equals(spectrogram, Info.Spectrogram, StringComparison.OrdinalIgnoreCase) || bins != Info.Bins || frames != Info.Frames)
            throw new ArgumentException(
                $"model {Info.Model} was trained on {Info.Spectrogram} spectrograms of {Info.Bins} x {Info.Frames}, got {spectrogram} of {bins} x {frames}");
    }

    /// <summary>Class probabilities of raw log spectrograms: the mean of the members' softmax outputs. Averaging
    /// probabilities rather than logits keeps one over-confident member from deciding alone.</summary>
    public Tensor Probabilities(Tensor x) // (n, 1, bins, frames) -> (n, classes)
    {
        using var scope = NewDisposeScope();
        return Mean(MemberProbabilities(x)).MoveToOuterDisposeScope();
    }

    /// <summary>Each member's softmax outputs, in member order: how each network answers without the others, from
    /// the same input.</summary>
    public Tensor MemberProbabilities(Tensor x) // (n, 1, bins, frames) -> (members, n, classes)
    {
        if (x.dim() != 4 || x.shape[2] != Info.Bins || x.shape[3] != Info.Frames)
            throw new ArgumentException($"model {Info.Model} takes (n, 1, {Info.Bins}, {Info.Frames}) inputs, got ({string.Join(", ", x.shape)})");
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var device = Members[0].Network.parameters().First().device;
        var input = x.to(device);
        return stack(
                Members.Select(m =>
                {
                    m.Network.eval();
                    return nn.functional.softmax(m.Network.forward(m.Standardiser.Apply(input)), 1);
                }),
                0
            )
            .MoveToOuterDisposeScope();
    }

    /// <summary>The model's answer from its members' (<see cref="MemberProbabilities"/>): summed one member after
    /// another, as before the members' outputs were kept, so the captions keep their last rounding step.</summary>
    public static Tensor Mean(Tensor memberProbabilities) // (members, n, classes) -> (n, classes)
    {
        using var scope = NewDisposeScope();
        using Scalar members = memberProbabilities.shape[0];
        return memberProbabilities.unbind(0).Aggregate((a, b) => a.add(b, KeptScalars.One)).div(members).MoveToOuterDisposeScope();
    }
}

/// <summary>The first format: one network, its standardisation at the top level. Still read, as one member.</summary>
sealed record SavedModelInfoV1(int Format, string Model, string[] ClassNames, int Bins, int Frames, string Spectrogram, string SpectrogramParameters, float[] Mean, float[] Std, int Epochs);

public static class SavedModel
{
    const int Format = 2;

    public static string InfoPath(string folder, string name) => Path.Combine(folder, name + ".json");

    /// <summary>The weights of member <paramref name="member"/>: NAME.weights for the first, NAME.K.weights after it.</summary>
    public static string WeightsPath(string folder, string name, int member = 0) =>
        Path.Combine(folder, member == 0 ? name + ".weights" : $"{name}.{member}.weights");

    /// <summary>Writes one network as a model of one member (see the other overload).</summary>
    public static SavedModelInfo Save(string folder, string name, TrainedModel trained, string spectrogram, string spectrogramParameters, int seed = 0) =>
        Save(folder, name, [new ModelMember(trained, seed)], spectrogram, spectrogramParameters);

    /// <summary>Writes every member's weights and NAME.json under <paramref name="folder"/>, each through a temporary
    /// name; the JSON, written last, is what marks the set complete. The members must be one kind of network on one
    /// input size with one set of classes.</summary>
    public static SavedModelInfo Save(string folder, string name, IReadOnlyList<ModelMember> members, string spectrogram, string spectrogramParameters, Captions.TonalContext.Expert? tonal = null)
    {
        if (members.Count == 0)
            throw new ArgumentException("a saved model needs at least one member");
        var first = members[0].Trained;
        if (members.Any(m => m.Trained.Kind != first.Kind || m.Trained.Bins != first.Bins || m.Trained.Frames != first.Frames || !m.Trained.ClassNames.SequenceEqual(first.ClassNames)))
            throw new ArgumentException("the members of a saved model must be one kind of network on one input size with one set of classes");
        Directory.CreateDirectory(folder);
        var saved = members
            .Select((m, i) =>
            {
                AtomicFile.WriteVia(WeightsPath(folder, name, i), temporary => m.Trained.Network.save(temporary));
                return new SavedMember(m.Seed, m.Trained.Standardiser.Mean, m.Trained.Standardiser.Std, m.Trained.Epochs, m.Corpus);
            })
            .ToArray();
        foreach (var stale in Directory.EnumerateFiles(folder, $"{name}.*.weights").Where(f => IsMemberBeyond(Path.GetFileName(f), name, saved.Length)))
            File.Delete(stale);
        var info = new SavedModelInfo(Format, ModelCatalog.Name(first.Kind), first.ClassNames, first.Bins, first.Frames, spectrogram, spectrogramParameters, saved, tonal);
        WriteInfo(folder, name, info);
        return info;
    }

    /// <summary>Writes a model's description (NAME.json) through a temporary name.</summary>
    public static void WriteInfo(string folder, string name, SavedModelInfo info) =>
        AtomicFile.WriteAllText(InfoPath(folder, name), JsonSerializer.Serialize(info, new JsonSerializerOptions { WriteIndented = true }));

    /// <summary>Whether a file is the weights of a member numbered <paramref name="count"/> or more: left by an earlier
    /// model of more members under the same name, it would otherwise sit beside the new one.</summary>
    static bool IsMemberBeyond(string file, string name, int count) =>
        file.Length > name.Length + ".weights".Length + 1
        && int.TryParse(file.AsSpan(name.Length + 1, file.Length - name.Length - 1 - ".weights".Length), System.Globalization.NumberStyles.None, null, out var member)
        && member >= count;

    /// <summary>Loads a model saved by <see cref="Save(string, string, IReadOnlyList{ModelMember}, string, string)"/>
    /// (or by the first format, one network); every inconsistency is an error naming the file.</summary>
    public static LoadedModel Load(string folder, string name, Device device)
    {
        var json = InfoPath(folder, name);
        if (!File.Exists(json))
            throw new FileNotFoundException($"{json}: no saved model of that name", json);
        var info = ReadInfo(json);
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
            { Members: null or { Length: 0 } } => "no members",
            { Tonal: { } tonal } when Captions.TonalContext.Problem(tonal, info.ClassNames) is { } p => p,
            _ => info.Members.Select((m, i) => MemberProblem(m, info.Bins) is { } p ? $"member {i}: {p}" : null).FirstOrDefault(p => p is not null),
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
        var members = ImmutableArray.CreateBuilder<LoadedMember>(info.Members!.Length);
        try
        {
            foreach (var (member, i) in info.Members.Select((m, i) => (m, i)))
                members.Add(new LoadedMember(LoadNetwork(info, kind, WeightsPath(folder, name, i), json, device), new BinStandardiser(member.Mean, member.Std)));
        }
        catch
        {
            foreach (var loaded in members)
                loaded.Network.Dispose();
            throw;
        }
        return new LoadedModel(info, kind, members.MoveToImmutable(), spectrogramKind!.Value, spectrogram!);
    }

    /// <summary>The description in either format, the first read as one member.</summary>
    static SavedModelInfo ReadInfo(string json)
    {
        try
        {
            var text = File.ReadAllText(json);
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("Format", out var format) && format.ValueKind == JsonValueKind.Number && format.GetInt32() == 1)
            {
                var v1 = JsonSerializer.Deserialize<SavedModelInfoV1>(text)!;
                var member = new SavedMember(0, v1.Mean, v1.Std, v1.Epochs);
                return new SavedModelInfo(Format, v1.Model, v1.ClassNames, v1.Bins, v1.Frames, v1.Spectrogram, v1.SpectrogramParameters, v1.Mean is null || v1.Std is null ? [] : [member]);
            }
            return JsonSerializer.Deserialize<SavedModelInfo>(text) ?? throw new InvalidDataException($"{json}: holds null, not a saved-model description");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{json}: not a saved-model description ({Where(e)})", e);
        }
    }

    static string? MemberProblem(SavedMember member, int bins) =>
        member switch
        {
            null => "null",
            { Mean: null } or { Std: null } => "no normalisation",
            _ when member.Mean.Length != bins || member.Std.Length != bins => $"normalisation has {member.Mean.Length} means and {member.Std.Length} deviations for {bins} bins",
            _ when !member.Mean.All(float.IsFinite) => "a normalisation mean is not a finite float32",
            _ when member.Std.Any(s => !(s > 0 && float.IsFinite(s))) => "a normalisation deviation is not a positive finite float32",
            _ => null,
        };

    static Sequential LoadNetwork(SavedModelInfo info, ModelKind kind, string weights, string json, Device device)
    {
        if (!File.Exists(weights))
            throw new FileNotFoundException($"{weights}: the model's weights file is missing (its description {json} is there)", weights);
        var network = ModelCatalog.Create(kind, info.Bins, info.Frames, info.ClassNames.Length);
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
        return network;
    }

    public static (SpectrogramConfig? Config, string? Problem) Parameters(string? text)
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
