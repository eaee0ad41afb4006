using FilmScoreEmotion.Runtime;
using FilmScoreEmotion.Tests.Corpus;
using FilmScoreEmotion.Tests.Foundation;

namespace FilmScoreEmotion.Tests.Runtime;

public class LibTorchLoaderTests
{
    static string NoPython() => throw new InvalidOperationException("python3 must not be asked");

    [Fact]
    public void OptionBeatsEnvironmentAndTheCpuBuildAsksNobody()
    {
        Assert.Equal(new LibTorchChoice("/a", LibTorchSource.Option), LibTorchLoader.Choose("/a", "/b", "cuda", NoPython));
        Assert.Equal(new LibTorchChoice("/b", LibTorchSource.Environment), LibTorchLoader.Choose(null, "/b", "cuda", NoPython));
        Assert.Null(LibTorchLoader.Choose(null, "", "cpu", NoPython));
        Assert.Equal(new LibTorchChoice("/py", LibTorchSource.PyTorch), LibTorchLoader.Choose(" ", null, "cuda", () => "/py"));
    }

    [Fact]
    public void LoadOrderPutsDependenciesFirstAndSkipsAbsentCudaLibraries()
    {
        var libraries = LibTorchLoader.Libraries(new LibTorchChoice(LibTorchEnv.NuGetCpuLibTorch(), LibTorchSource.Environment));
        Assert.Equal(["libc10.so", "libtorch_cpu.so", "libtorch.so"], libraries.Select(Path.GetFileName));
        Assert.All(libraries, l => Assert.True(Path.IsPathFullyQualified(l)));
    }

    [Fact]
    public void MissingSymbolPointsToTheGlueRebuild()
    {
        var message = LibTorchLoader.Explain("/x/libLibTorchSharp.so", "Unable to load shared library '/x/libLibTorchSharp.so'. Consider strace:\n/x/libLibTorchSharp.so: undefined symbol: _ZN2at4_ops3addE");
        Assert.Contains("(undefined symbol: _ZN2at4_ops3addE)", message);
        Assert.DoesNotContain("strace", message);
        Assert.Contains("Rebuilding TorchSharp's native glue", message);
        Assert.DoesNotContain("Rebuilding", LibTorchLoader.Explain("/x/libc10.so", "/x/libc10.so: cannot open shared object file"));
    }

    [Fact]
    public void TheReadmeHasTheGlueRebuildSteps()
    {
        var readme = File.ReadAllText(Path.Combine(Foundation.ReproduceScriptTests.RepoRoot(), "README.md"));
        Assert.Contains("### Rebuilding TorchSharp's native glue", readme);
    }

    [Fact]
    public void MissingFolderIsOneClearError()
    {
        using var temp = new TempDir();
        var missing = Path.Combine(temp.Path, "no-such-libtorch");
        var r = CliProcess.RunIn(temp.Path, new Dictionary<string, string> { [LibTorchLoader.EnvironmentVariable] = missing }, "info", "--device", "cpu");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains($"{missing}: libtorch folder not found (from FSE_LIBTORCH=", r.StdErr);
        Assert.DoesNotContain("   at ", r.StdErr);
        Assert.Equal("", r.StdOut);
    }

    [Fact]
    public void FolderWithoutLibTorchNamesWhatIsMissing()
    {
        using var temp = new TempDir();
        temp.File("lib/libc10.so", "not really");
        var r = CliProcess.RunIn(temp.Path, null, "--libtorch", Path.Combine(temp.Path, "lib"), "info", "--device", "cpu");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("not a libtorch folder (from --libtorch", r.StdErr);
        Assert.Contains("libtorch.so, libtorch_cpu.so missing", r.StdErr);
        Assert.DoesNotContain("   at ", r.StdErr);
    }

    [Fact]
    public void TheCpuBuildRefusesASecondLibTorch()
    {
        var r = CliProcess.RunIn(CliProcess.StableDirectory, new Dictionary<string, string> { [LibTorchLoader.EnvironmentVariable] = LibTorchEnv.NuGetCpuLibTorch() }, "info", "--device", "cpu");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("this fse is the cpu build", r.StdErr);
        Assert.Contains("-p:TorchBackend=cuda", r.StdErr);
    }

    [Fact]
    public void AutoWithoutCudaSaysCpuOnce()
    {
        if (TorchSharp.torch.cuda.is_available())
            return;
        var r = CliProcess.Run("info");
        Assert.True(r.ExitCode == 0, r.StdErr);
        Assert.Single(r.StdErr.Split('\n'), l => l.Contains("this ran on the CPU"));
        Assert.Contains("device              cpu", r.StdOut);
    }
}
