using FilmScoreEmotion.Runtime;

namespace FilmScoreEmotion.Tests.Runtime;

/// <summary>NNPACK's "Could not initialize NNPACK!" lines only appear on CPUs it does not support, so what is tested
/// here is the switch they obey: both of c10's log thresholds, raised to ERROR.</summary>
public sealed class LibTorchLogTests
{
    [Fact]
    public void WarningsOffRaisesBothOfC10sLogThresholdsToError()
    {
        Assert.Null(Environment.GetEnvironmentVariable("TORCH_CPP_LOG_LEVEL"));
        LibTorchLog.WarningsOff();
        Assert.Equal(2, LibTorchLog.Level());
    }
}
