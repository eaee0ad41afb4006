namespace FilmScoreEmotion.Tests.Foundation;

public class CliInfoTests
{
    [Fact]
    public void InfoPrintsBackendDeviceAndVersions()
    {
        var r = CliProcess.Run("info", "--device", "cpu");
        Assert.True(r.ExitCode == 0, r.StdErr);
        Assert.Contains("TorchSharp", r.StdOut);
        Assert.Contains("0.107.0", r.StdOut);
        Assert.Contains("2.10.0", r.StdOut);
        Assert.Contains("torch backend", r.StdOut);
        Assert.Contains("cpu", r.StdOut);
        Assert.Contains("decoder MP3", r.StdOut);
        Assert.Contains("NLayer 3.0.1, in process", r.StdOut);
        Assert.Contains("NVorbis 0.10.5, in process", r.StdOut);
        Assert.Contains("NAudio.Core 3.3.0, in process", r.StdOut);
        // The corpus's synthesiser and both SoundFonts are named, installed or not (then with their package).
        Assert.Contains("corpus synthesiser", r.StdOut);
        Assert.Contains("FluidR3_GM", r.StdOut);
        Assert.Contains("MuseScore_General_Full", r.StdOut);
    }

    [Fact]
    public void CudaWithoutCudaIsOneClearError()
    {
        if (TorchSharp.torch.cuda.is_available())
            return;
        var r = CliProcess.Run("info", "--device", "cuda");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("no CUDA device", r.StdErr);
        Assert.DoesNotContain("   at ", r.StdErr);
    }

    [Fact]
    public void UnknownDeviceIsRejected()
    {
        var r = CliProcess.Run("info", "--device", "tpu");
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("unknown device 'tpu'", r.StdErr);
    }
}
