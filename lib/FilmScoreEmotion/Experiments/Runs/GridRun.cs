using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using FilmScoreEmotion.Evaluation;
using FilmScoreEmotion.IO;
using FilmScoreEmotion.Models;
using FilmScoreEmotion.Spectra;
using FilmScoreEmotion.Training;

namespace FilmScoreEmotion.Experiments.Runs;

/// <summary>One independent unit of the paper's grid: train one model on one fold of one protocol and score it.
/// <see cref="InputsHash"/> covers everything that decides the result (the features, the protocol sizes, the trainer
/// settings, the seed), so the id is stable for the same inputs and changes with any of them. The kinds become words
/// only in the id and in the files (<see cref="Json"/>), the same words as before runs carried enums, so ids and
/// stored results stay valid.</summary>
public sealed record GridRun(string Id, ModelKind Model, SpectrogramKind Spectrogram, ProtocolKind Protocol, int Repeat, int Fold, int Seed, string InputsHash)
{
    /// <summary>How the grid's files (<c>grid.json</c>, <c>runs/ID/result.json</c>) are written: indented, every kind
    /// and profile as its command-line name, NaN allowed (a fold too small to carve a validation part has NaN
    /// validation figures).</summary>
    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters =
        {
            new EnumNameJson<ModelKind>(ModelCatalog.Name, "model"),
            new EnumNameJson<SpectrogramKind>(SpectrogramKinds.Name, "spectrogram"),
            new EnumNameJson<ProtocolKind>(Protocols.Name, "protocol"),
            new EnumNameJson<ProfileName>(EnumNames.Lower, "profile"),
            new EnumNameJson<Precision>(Precisions.Name, "precision"),
        },
    };

    public static GridRun Create(ModelKind model, SpectrogramKind spectrogram, ProtocolKind protocol, int repeat, int fold, int seed, string inputsHash)
    {
        var run = new GridRun("", model, spectrogram, protocol, repeat, fold, seed, inputsHash);
        var (m, s, p) = run.Names();
        var digest = Hash($"{m}|{s}|{p}|{repeat}|{fold}|{seed}|{inputsHash}")[..10];
        return run with { Id = $"{m}-{s}-{p}-r{repeat}-f{fold}-{digest}" };
    }

    /// <summary>The kinds as the words of the tables and the id.</summary>
    public (string Model, string Spectrogram, string Protocol) Names() => (ModelCatalog.Name(Model), SpectrogramKinds.Name(Spectrogram), Protocols.Name(Protocol));

    public static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}

/// <summary>What one run produced: its scores on the test part, per class and as a confusion matrix, and how its
/// training went: every epoch's training and validation figures and whether early stopping ended it
/// (<see cref="StoppedEarly"/>) or the epoch cap did.</summary>
public sealed record RunResult(
    GridRun Run,
    string[] ClassNames,
    int TrainSegments,
    int TestSegments,
    int Epochs,
    double TrainSeconds,
    double Accuracy,
    double MacroF1,
    double WeightedF1,
    double[] Precision,
    double[] Recall,
    double[] F1,
    int[] Support,
    int[][] Confusion,
    EpochProgress[] History,
    int BestEpoch,
    bool StoppedEarly
);
