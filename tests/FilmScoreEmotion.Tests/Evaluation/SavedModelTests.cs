using System.Text.Json.Nodes;
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
        InTemporaryFolder(folder =>
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
        });
    }

    [Fact]
    public void BrokenSavedModelsAreErrorsNamingTheFile()
    {
        var data = SyntheticSegments.Blobs(3, 2);
        InTemporaryFolder(folder =>
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
        });
    }

    /// <summary>A model's tonal expert is saved in its description and read back as it was; one that does not fit the
    /// model is refused naming the file, and a description without one (saved before experts) loads without one.</summary>
    [Fact]
    public void TheTonalExpertTravelsWithTheModel()
    {
        var data = SyntheticSegments.Blobs(3, 2);
        InTemporaryFolder(folder =>
        {
            using var trained = Trainer.Fit(ModelKind.Basic, data, Enumerable.Range(0, data.Count).ToArray(), Quick with { MaxEpochs = 1 }, torch.CPU, "save");
            var expert = new FilmScoreEmotion.Captions.TonalContext.Expert(data.ClassNames, [.. data.ClassNames.Select((_, c) => new[] { 0.5 * c, -0.25 * c, 0.125 })], [.. data.ClassNames.Select(_ => 1.0 / data.ClassNames.Length)], 3);
            SavedModel.Save(folder, "m", [new ModelMember(trained, 0)], "cqt", "{\"NBins\":16}", expert);
            using (var loaded = SavedModel.Load(folder, "m", torch.CPU))
            {
                Assert.Equal(expert.ClassNames, loaded.Info.Tonal!.ClassNames);
                Assert.Equal(expert.Weights.SelectMany(w => w), loaded.Info.Tonal.Weights.SelectMany(w => w));
                Assert.Equal(expert.Prior, loaded.Info.Tonal.Prior);
                Assert.Equal(3, loaded.Info.Tonal.ContextSeconds);
            }

            var json = SavedModel.InfoPath(folder, "m");
            var node = JsonNode.Parse(File.ReadAllText(json))!;
            node["Tonal"]!["ClassNames"]!.AsArray().RemoveAt(0);
            File.WriteAllText(json, node.ToJsonString());
            var refused = Assert.Throws<InvalidDataException>(() => SavedModel.Load(folder, "m", torch.CPU)).Message;
            Assert.Contains(json, refused);
            Assert.Contains("tonal expert's classes", refused);

            node.AsObject().Remove("Tonal");
            File.WriteAllText(json, node.ToJsonString());
            using var older = SavedModel.Load(folder, "m", torch.CPU);
            Assert.Null(older.Info.Tonal);
        });
    }

    static readonly TrainerConfig OneEpoch = new() { MaxEpochs = 1, BatchSize = 16 };

    static TrainedModel Train(LabelledSegments data, int seed) =>
        Trainer.Fit(ModelKind.Basic, data, Enumerable.Range(0, data.Count).ToArray(), OneEpoch with { Seed = seed }, torch.CPU, $"member{seed}");

    static double[] Probabilities(LoadedModel model, LabelledSegments data)
    {
        using var p = model.Probabilities(data.X);
        return p.to(torch.ScalarType.Float64).data<double>().ToArray();
    }

    [Fact]
    public void AnEnsembleGivesTheMeanOfItsMembersProbabilities()
    {
        var data = SyntheticSegments.Blobs(3, 2);
        InTemporaryFolder(folder =>
        {
            using var a = Train(data, 0);
            using var b = Train(data, 1);
            SavedModel.Save(folder, "a", a, "cqt", "{\"NBins\":16}");
            SavedModel.Save(folder, "b", b, "cqt", "{\"NBins\":16}", seed: 1);
            var info = SavedModel.Save(folder, "ab", [new(a, 0), new(b, 1)], "cqt", "{\"NBins\":16}");
            Assert.True(File.Exists(SavedModel.WeightsPath(folder, "ab", 1)));
            Assert.Equal([0, 1], info.Members.Select(m => m.Seed));
            using var la = SavedModel.Load(folder, "a", torch.CPU);
            using var lb = SavedModel.Load(folder, "b", torch.CPU);
            using var lab = SavedModel.Load(folder, "ab", torch.CPU);
            Assert.Equal(2, lab.Members.Length);
            var pa = Probabilities(la, data);
            var pb = Probabilities(lb, data);
            var pab = Probabilities(lab, data);
            Assert.NotEqual(pa, pb);
            for (var i = 0; i < pab.Length; i++)
                Assert.Equal((pa[i] + pb[i]) / 2, pab[i], tolerance: 1e-6);
        });
    }

    [Fact]
    public void AModelOfTheFirstFormatStillLoadsAsOneMember()
    {
        var data = SyntheticSegments.Blobs(3, 2);
        InTemporaryFolder(folder =>
        {
            using var trained = Train(data, 0);
            SavedModel.Save(folder, "m", trained, "mel", "{\"NMels\":16}");
            using var current = SavedModel.Load(folder, "m", torch.CPU);
            var expected = Probabilities(current, data);
            var v1 = new JsonObject
            {
                ["Format"] = 1,
                ["Model"] = "basic",
                ["ClassNames"] = new JsonArray([.. data.ClassNames.Select(c => (JsonNode)c)]),
                ["Bins"] = 16,
                ["Frames"] = 16,
                ["Spectrogram"] = "mel",
                ["SpectrogramParameters"] = "{\"NMels\":16}",
                ["Mean"] = new JsonArray([.. trained.Standardiser.Mean.Select(v => (JsonNode)v)]),
                ["Std"] = new JsonArray([.. trained.Standardiser.Std.Select(v => (JsonNode)v)]),
                ["Epochs"] = 1,
            };
            File.WriteAllText(SavedModel.InfoPath(folder, "m"), v1.ToJsonString());
            using var old = SavedModel.Load(folder, "m", torch.CPU);
            Assert.Single(old.Members);
            Assert.Equal(expected, Probabilities(old, data));
        });
    }

    [Fact]
    public void FewerMembersUnderTheSameNameLeaveNoWeightsOfTheOldOnes()
    {
        var data = SyntheticSegments.Blobs(3, 2);
        InTemporaryFolder(folder =>
        {
            using var a = Train(data, 0);
            SavedModel.Save(folder, "m", [new(a, 0), new(a, 1), new(a, 2)], "cqt", "{\"NBins\":16}");
            SavedModel.Save(folder, "m.x", a, "cqt", "{\"NBins\":16}");
            Assert.True(File.Exists(SavedModel.WeightsPath(folder, "m", 2)));
            SavedModel.Save(folder, "m", [new(a, 0), new(a, 1)], "cqt", "{\"NBins\":16}");
            Assert.False(File.Exists(SavedModel.WeightsPath(folder, "m", 2)));
            Assert.True(File.Exists(SavedModel.WeightsPath(folder, "m", 1)));
            Assert.True(File.Exists(SavedModel.WeightsPath(folder, "m.x")));
        });
    }

    [Fact]
    public void ARenamedCopyOfAModelStillLoads()
    {
        var data = SyntheticSegments.Blobs(3, 2);
        InTemporaryFolder(folder =>
        {
            using var a = Train(data, 0);
            using var b = Train(data, 1);
            SavedModel.Save(folder, "m", [new(a, 0), new(b, 1)], "cqt", "{\"NBins\":16}");
            File.Copy(SavedModel.InfoPath(folder, "m"), SavedModel.InfoPath(folder, "copy"));
            File.Copy(SavedModel.WeightsPath(folder, "m"), SavedModel.WeightsPath(folder, "copy"));
            File.Copy(SavedModel.WeightsPath(folder, "m", 1), SavedModel.WeightsPath(folder, "copy", 1));
            using var original = SavedModel.Load(folder, "m", torch.CPU);
            using var copy = SavedModel.Load(folder, "copy", torch.CPU);
            Assert.Equal(Probabilities(original, data), Probabilities(copy, data));
        });
    }

    [Fact]
    public void ABrokenMemberIsAnErrorNamingTheFile()
    {
        var data = SyntheticSegments.Blobs(3, 2);
        InTemporaryFolder(folder =>
        {
            using var a = Train(data, 0);
            SavedModel.Save(folder, "m", [new(a, 0), new(a, 1)], "cqt", "{\"NBins\":16}");
            var json = SavedModel.InfoPath(folder, "m");
            var text = File.ReadAllText(json);

            var zeroStd = JsonNode.Parse(text)!.AsObject();
            zeroStd["Members"]![1]!["Std"]![3] = 0;
            File.WriteAllText(json, zeroStd.ToJsonString());
            var member1 = Assert.Throws<InvalidDataException>(() => SavedModel.Load(folder, "m", torch.CPU)).Message;
            Assert.Contains(json, member1);
            Assert.Contains("member 1: a normalisation deviation is not a positive", member1);

            var noMembers = JsonNode.Parse(text)!.AsObject();
            noMembers["Members"] = new JsonArray();
            File.WriteAllText(json, noMembers.ToJsonString());
            Assert.Contains("no members", Assert.Throws<InvalidDataException>(() => SavedModel.Load(folder, "m", torch.CPU)).Message);

            File.WriteAllText(json, text);
            File.Delete(SavedModel.WeightsPath(folder, "m", 1));
            Assert.Contains(SavedModel.WeightsPath(folder, "m", 1), Assert.Throws<FileNotFoundException>(() => SavedModel.Load(folder, "m", torch.CPU)).Message);
        });
    }

    static void InTemporaryFolder(Action<string> test)
    {
        var folder = Directory.CreateTempSubdirectory("fse-model-").FullName;
        try
        {
            test(folder);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
