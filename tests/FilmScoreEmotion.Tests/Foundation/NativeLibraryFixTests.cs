using FilmScoreEmotion.Build;

namespace FilmScoreEmotion.Tests.Foundation;

public class NativeLibraryFixTests
{
    static string OutputGlue() =>
        Directory.EnumerateFiles(AppContext.BaseDirectory, ElfVersionNeeds.TorchSharpGlue, SearchOption.AllDirectories).First();

    static string CachedGlue()
    {
        var nuget = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        return Path.Combine(nuget, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", ElfVersionNeeds.TorchSharpGlue);
    }

    [Fact]
    public void GlueAsksForGlibcxx332OnlyOnce()
    {
        var needs = ElfVersionNeeds.Read(File.ReadAllBytes(CachedGlue()));
        var wanted = needs.Where(n => n.Version == ElfVersionNeeds.WantedGlibcxx).ToList();
        Assert.Single(wanted);
        Assert.Equal("libstdc++.so.6", wanted[0].File);
        Assert.False(wanted[0].IsWeak);
        Assert.Contains(needs, n => n.Version == "GLIBCXX_3.4.30");
    }

    [Fact]
    public void MarkWeakChangesOnlyThatFlag()
    {
        var original = File.ReadAllBytes(CachedGlue());
        var patched = ElfVersionNeeds.MarkWeak(original, ElfVersionNeeds.WantedGlibcxx);
        var changed = Enumerable.Range(0, original.Length).Where(i => original[i] != patched[i]).ToList();
        Assert.InRange(changed.Count, 1, 2);
        var before = ElfVersionNeeds.Read(original);
        var after = ElfVersionNeeds.Read(patched);
        Assert.Equal(before.Count, after.Count);
        foreach (var (b, a) in before.Zip(after))
            Assert.Equal(b.Version == ElfVersionNeeds.WantedGlibcxx || b.IsWeak, a.IsWeak);
    }

    [Fact]
    public void BuildOutputIsPatchedExactlyWhereTheHostLacksTheVersion()
    {
        var output = ElfVersionNeeds.Read(File.ReadAllBytes(OutputGlue())).Single(n => n.Version == ElfVersionNeeds.WantedGlibcxx);
        Assert.Equal(ElfVersionNeeds.HostLacks(ElfVersionNeeds.WantedGlibcxx), output.IsWeak);
        var cached = ElfVersionNeeds.Read(File.ReadAllBytes(CachedGlue())).Single(n => n.Version == ElfVersionNeeds.WantedGlibcxx);
        Assert.False(cached.IsWeak);
    }

    [Fact]
    public void DefinesFindsOnlyWholeVersionNames()
    {
        var image = System.Text.Encoding.ASCII.GetBytes("xxGLIBCXX_3.4.30\0GLIBCXX_3.4.3\0");
        Assert.True(ElfVersionNeeds.Defines(image, "GLIBCXX_3.4.30"));
        Assert.False(ElfVersionNeeds.Defines(image, "GLIBCXX_3.4.32"));
    }

    [Fact]
    public void ReadRejectsNonElf()
    {
        Assert.Throws<InvalidDataException>(() => ElfVersionNeeds.Read(new byte[100]));
    }
}
