using FilmScoreEmotion.Evaluation;
using FilmScoreEmotion.Experiments.Runs;
using FilmScoreEmotion.Models;
using FilmScoreEmotion.Tests.Training;
using FilmScoreEmotion.Training;
using TorchSharp;

namespace FilmScoreEmotion.Tests.Evaluation;

[Collection(TorchRandomCollection.Name)]
public class SavedModelTests
{
    static readonly TrainerConfig Quick = new() { MaxEpochs = 2, BatchSize = 16, Seed = 3 };

    [Fact]
    public void ASavedModelLoadsBackAndPredictsTheSame()
    {
        var data = SyntheticSegments.Blobs(3, 2);
        var folder = Directory.CreateTempSubdirectory("fse-model-").FullName;
        try
        {
            using var trained = Trainer.Fit(ModelKind.Cnn4Inception, data, Enumerable.Range(0, data.Count).ToArray(), Quick, torch.CPU, "save");
            SavedModel.Save(folder, "m", trained, "cqt", "{\"NBins\":16}");
            using var loaded = SavedModel.Load(folder, "m", torch.CPU);
            Assert.Equal(data.ClassNames, loaded.Info.ClassNames);
            Assert.Equal("{\"NBins\":16}", loaded.Info.SpectrogramParameters);
            var direct = GridRunner.Predict(trained, data, Enumerable.Range(0, data.Count).ToArray(), 8, torch.CPU);
            var viaLoaded = loaded.Probabilities(data.X).argmax(1).data<long>().Select(v => (int)v).ToArray();
            Assert.Equal(direct, viaLoaded);
            Assert.Contains("trained on cqt spectrograms of 16 x 16", Assert.Throws<ArgumentException>(() => loaded.RequireInput("mel", 16, 16)).Message);
            Assert.Throws<ArgumentException>(() => loaded.Probabilities(torch.zeros(1, 1, 16, 17)));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void BrokenSavedModelsAreErrorsNamingTheFile()
    {
        var data = SyntheticSegments.Blobs(3, 2);
        var folder = Directory.CreateTempSubdirectory("fse-model-").FullName;
        try
        {
            using var trained = Trainer.Fit(ModelKind.Basic, data, Enumerable.Range(0, data.Count).ToArray(), Quick with { MaxEpochs = 1 }, torch.CPU, "save");
            SavedModel.Save(folder, "m", trained, "mel", "{\"NMels\":16}");
            var json = SavedModel.InfoPath(folder, "m");
            var text = File.ReadAllText(json);

            File.WriteAllText(json, text.Replace("\"Bins\": 16", "\"Bins\": 15"));
            Assert.Contains(json, Assert.Throws<InvalidDataException>(() => SavedModel.Load(folder, "m", torch.CPU)).Message);

            File.WriteAllText(json, text.Replace("\"Frames\": 16", "\"Frames\": 24"));
            var weights = Assert.Throws<InvalidDataException>(() => SavedModel.Load(folder, "m", torch.CPU));
            Assert.Contains(SavedModel.WeightsPath(folder, "m"), weights.Message);

            File.WriteAllText(json, text[..20]);
            Assert.Contains("not a saved-model description", Assert.Throws<InvalidDataException>(() => SavedModel.Load(folder, "m", torch.CPU)).Message);
            Assert.Throws<FileNotFoundException>(() => SavedModel.Load(folder, "absent", torch.CPU));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
