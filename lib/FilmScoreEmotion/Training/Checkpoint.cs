using System.Text.Json;
using System.Text.Json.Serialization;
using FilmScoreEmotion.IO;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FilmScoreEmotion.Training;

/// <summary>Where a run stands after an epoch: enough to continue it exactly as if it had not been interrupted
/// (the shuffles and dropout masks of epoch e derive from the seed and e alone, so no random state is stored).</summary>
public sealed record CheckpointState(
    string Run,
    string Fingerprint,
    int EpochsDone,
    double BestValidationLoss,
    int EpochsSinceBest,
    bool Finished,
    double Seconds,
    EpochProgress[] History
);

/// <summary>One file per run: a magic line, the state as JSON, then the current weights, the best weights so far and the
/// Adam state. Written to a temporary name and renamed, so a crash leaves the previous checkpoint intact.</summary>
public static class Checkpoint
{
    const string Magic = "FSE-CHECKPOINT-1";

    /// <summary>A run without a validation part has NaN validation losses and an infinite best loss.</summary>
    static readonly JsonSerializerOptions Json = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static void Save(string path, CheckpointState state, Sequential model, Sequential best, OptimizerHelper optimizer)
    {
        AtomicFile.Write(
            path,
            stream =>
            {
                using var writer = new BinaryWriter(stream);
                writer.Write(Magic);
                writer.Write(JsonSerializer.Serialize(state, Json));
                model.save(writer);
                best.save(writer);
                optimizer.save_state_dict(writer);
            }
        );
    }

    /// <summary>Whether the checkpoint at <paramref name="path"/> is of a finished run; false when there is none or it
    /// cannot be read (training will then name the problem).</summary>
    public static bool IsFinished(string path)
    {
        if (!File.Exists(path))
            return false;
        try
        {
            using var reader = new BinaryReader(File.OpenRead(path));
            return reader.ReadString() == Magic && JsonSerializer.Deserialize<CheckpointState>(reader.ReadString(), Json) is { Finished: true };
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            return false;
        }
    }

    /// <summary>Loads into the given modules and optimizer; a file that cannot be read is an error naming it, never a
    /// silent restart that would mix two runs' results.</summary>
    public static CheckpointState Load(string path, Sequential model, Sequential best, OptimizerHelper optimizer)
    {
        try
        {
            using var reader = new BinaryReader(File.OpenRead(path));
            if (reader.ReadString() != Magic)
                throw new InvalidDataException("not a checkpoint of this program");
            var state = JsonSerializer.Deserialize<CheckpointState>(reader.ReadString(), Json)
                ?? throw new InvalidDataException("empty state");
            model.load(reader);
            best.load(reader);
            optimizer.load_state_dict(reader);
            return state;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidDataException(
                $"{path}: corrupt checkpoint ({e.Message}); delete it to restart this run from the beginning", e);
        }
    }
}
