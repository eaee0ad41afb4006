using FilmScoreEmotion.Cli;

namespace FilmScoreEmotion.Tests.Foundation;

public class StageProgressTests
{
    [Fact]
    public void ALogGetsAFewLinesAStageNotOnePerUpdate()
    {
        var log = new StringWriter();
        var stage = new StageProgress.LogStage("corpus", log) { MaxValue = 976 };
        for (int done = 0; done <= 976; done++)
            stage.Value = done;
        stage.Value = 976;
        var lines = log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["corpus: 0% (0/976), 0:00 elapsed", "corpus: done in 0:00"], lines);
    }

    [Fact]
    public void AStageThatIsAlreadyDoneSaysSoOnce()
    {
        var log = new StringWriter();
        var stage = new StageProgress.LogStage("features cqt", log) { MaxValue = 3 };
        stage.Value = 3;
        stage.Value = 3;
        Assert.Equal("features cqt: done in 0:00", log.ToString().Trim());
    }
}
