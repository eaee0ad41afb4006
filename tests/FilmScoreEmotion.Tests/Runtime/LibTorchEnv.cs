namespace FilmScoreEmotion.Tests.Runtime;

/// <summary>Folders the libtorch tests point fse at.</summary>
public static class LibTorchEnv
{
    /// <summary>The CPU libtorch of the NuGet package: a real libtorch folder outside the app, as a PyTorch one is.</summary>
    public static string NuGetCpuLibTorch()
    {
        var nuget = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        return Path.Combine(nuget, "libtorch-cpu-linux-x64", "2.10.0", "runtimes", "linux-x64", "native");
    }
}
