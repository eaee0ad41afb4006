using System.Security.Cryptography;
using System.Text;
using FilmScoreEmotion.Training;

namespace FilmScoreEmotion.Experiments;

/// <summary>One independent unit of the paper's grid: train one model on one fold of one protocol and score it.
/// <see cref="InputsHash"/> covers everything that decides the result (the features, the protocol sizes, the trainer
/// settings, the seed), so the id is stable for the same inputs and changes with any of them.</summary>
public sealed record GridRun(string Id, string Model, string Spectrogram, string Protocol, int Repeat, int Fold, int Seed, string InputsHash)
{
    public static GridRun Create(string model, string spectrogram, string protocol, int repeat, int fold, int seed, string inputsHash)
    {
        var digest = Hash($"{model}|{spectrogram}|{protocol}|{repeat}|{fold}|{seed}|{inputsHash}")[..10];
        return new GridRun($"{model}-{spectrogram}-{protocol}-r{repeat}-f{fold}-{digest}", model, spectrogram, protocol, repeat, fold, seed, inputsHash);
    }

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
