using FilmScoreEmotion.Experiments;
using FilmScoreEmotion.Runtime;

namespace FilmScoreEmotion.Tests.Experiments;

public class PaperComparisonTests
{
    [Fact]
    public void AFullRunForgetsRowsNoNotebookRecordsAgain()
    {
        var results = Directory.CreateTempSubdirectory("fse-summary-");
        try
        {
            var settings = new ReproduceSettings(ProfileName.Smoke, ReproduceSettings.Synthetic, DeviceRequest.Cpu, results.FullName, results.FullName, results.FullName);
            var renamed = new ComparisonRow("Captions", "pieces named right (an old section's key)", "future work", "13/22", "model", "corpus");
            var kept = renamed with { Quantity = "pieces named right", Ours = "12/22" };
            PaperComparison.Record(settings, "captions-real-music", [renamed]);
            Assert.Equal([renamed], PaperComparison.ReadAll(results.FullName));

            PaperComparison.Clear(results.FullName);
            Assert.Empty(PaperComparison.ReadAll(results.FullName));
            PaperComparison.Record(settings, "captions-real-music-wesnoth", [kept]);
            Assert.Equal([kept], PaperComparison.ReadAll(results.FullName));
            Assert.Single(Directory.EnumerateFiles(Path.Combine(results.FullName, PaperComparison.Folder)));
        }
        finally
        {
            results.Delete(recursive: true);
        }
    }

    [Fact]
    public void ClearingResultsThatHoldNoSummaryIsNoFault()
    {
        var results = Directory.CreateTempSubdirectory("fse-summary-");
        try
        {
            PaperComparison.Clear(results.FullName);
            Assert.Empty(PaperComparison.ReadAll(results.FullName));
        }
        finally
        {
            results.Delete(recursive: true);
        }
    }
}
