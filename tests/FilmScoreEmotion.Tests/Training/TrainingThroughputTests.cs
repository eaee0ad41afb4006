using FilmScoreEmotion.Models;
using FilmScoreEmotion.Training;
using TorchSharp;

namespace FilmScoreEmotion.Tests.Training;

[Collection(TorchRandomCollection.Name)]
public class TrainingThroughputTests
{
    [Fact]
    public void EveryModelTrainsInTheBenchLoop()
    {
        foreach (var kind in ModelCatalog.All)
        {
            var r = TrainingThroughput.Measure(kind, bins: 8, frames: 8, batchSize: 4, samples: 8, epochs: 2, torch.CPU);
            Assert.Equal(2, r.SecondsPerEpoch.Length);
            Assert.All(r.SecondsPerEpoch, s => Assert.True(s > 0));
            Assert.Equal(8 / r.SecondsPerEpoch.Min(), r.SamplesPerSecond, 9);
        }
    }
}
