using System.Text.Json;
using System.Text.Json.Nodes;
using FilmScoreEmotion.Audio;
using FilmScoreEmotion.Evaluation;
using FilmScoreEmotion.Models;
using FilmScoreEmotion.Spectra;
using FilmScoreEmotion.Training;
using TorchSharp;

namespace FilmScoreEmotion.Tests.BadInput;

/// <summary>The good inputs the bad ones are made from, made once per test run: a saved Cnn4 for CQT (untrained:
/// refusals never reach its predictions) and a tone.</summary>
public static class BadInputFiles
{
    static readonly Lazy<string> Folder = new(Make);

    public static string ModelJson => SavedModel.InfoPath(Folder.Value, "tiny");
    public static string ModelWeights => SavedModel.WeightsPath(Folder.Value, "tiny");

    /// <summary>6 s of a 440 Hz tone at 16 kHz.</summary>
    public static string Tone => Path.Combine(Folder.Value, "tone.wav");

    public static JsonObject ModelDescription() => JsonNode.Parse(File.ReadAllText(ModelJson))!.AsObject();

    static string Make()
    {
        var folder = Directory.CreateTempSubdirectory("fse-badinput-files-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(folder, recursive: true);
        var config = new SpectrogramConfig();
        using var untrained = new TrainedModel(
            ModelKind.Cnn4, ModelCatalog.Create(ModelKind.Cnn4, config.NBins, 126, 4), new BinStandardiser(new float[config.NBins], [.. Enumerable.Repeat(1f, config.NBins)]),
            ["happiness", "sadness", "fear", "peacefulness"], config.NBins, 126, 0, 0, []);
        SavedModel.Save(folder, "tiny", untrained, "cqt", JsonSerializer.Serialize(config));
        WavWriter.WritePcm16(Path.Combine(folder, "tone.wav"), Signal(6, 440), 16000);
        return folder;
    }

    public static float[] Signal(double seconds, double hz, int rate = 16000) =>
        [.. Enumerable.Range(0, (int)(seconds * rate)).Select(i => (float)(0.3 * Math.Sin(2 * Math.PI * hz * i / rate)))];
}
