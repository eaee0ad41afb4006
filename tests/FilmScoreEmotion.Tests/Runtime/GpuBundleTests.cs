using System.Diagnostics;
using FilmScoreEmotion.Build;
using FilmScoreEmotion.Runtime;

namespace FilmScoreEmotion.Tests.Runtime;

/// <summary>Builds the bundle once (lib/build/bundle.sh, about a minute and a half on 2 cores, most of it the cuda
/// build of the CLI) and unpacks it once through its launcher, for every test of the class.</summary>
public sealed class GpuBundle : IDisposable
{
    public sealed record Run(int ExitCode, string StdOut, string StdErr, TimeSpan Elapsed);

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "fse-bundle-test-" + Guid.NewGuid().ToString("N"));
    public string Bundle => Path.Combine(Root, "bundle");
    public string Unpacked => Path.Combine(Root, "unpacked");
    public Run Build { get; }
    public Run FirstInfo { get; }

    public GpuBundle()
    {
        Directory.CreateDirectory(Root);
        Build = Execute("bash", [Path.Combine(Foundation.ReproduceScriptTests.RepoRoot(), "lib", "build", "bundle.sh"), Bundle], new() { ["FSE_BUNDLE_XZ_LEVEL"] = "1" }, TimeSpan.FromMinutes(10));
        FirstInfo = Launch(new() { [LibTorchLoader.EnvironmentVariable] = LibTorchEnv.NuGetCpuLibTorch() }, "info", "--device", "cpu");
    }

    /// <summary>Runs the bundle's launcher as a user would, unpacking into this fixture's folder.</summary>
    public Run Launch(Dictionary<string, string> environment, params string[] args)
    {
        environment["FSE_BUNDLE_DIR"] = Unpacked;
        return Execute(Path.Combine(Bundle, "fse"), args, environment, TimeSpan.FromMinutes(3));
    }

    public static Run Execute(string program, string[] args, Dictionary<string, string> environment, TimeSpan timeout)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Foundation.CliProcess.StableDirectory };
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        psi.Environment.Remove(LibTorchLoader.EnvironmentVariable);
        foreach (var (k, v) in environment)
            psi.Environment[k] = v;
        var clock = Stopwatch.StartNew();
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish in {timeout}");
        }
        return new Run(p.ExitCode, stdout.Result, stderr.Result, clock.Elapsed);
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}

// The bundle is Linux-only, as the cuda build is.
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class GpuBundleTests(GpuBundle bundle) : IClassFixture<GpuBundle>
{
    const long MaxBundleBytes = 64L * 1024 * 1024;

    static string FakePython(string folder, string script)
    {
        Directory.CreateDirectory(folder);
        var python = Path.Combine(folder, "python3");
        File.WriteAllText(python, "#!/bin/sh\n" + script + "\n");
        File.SetUnixFileMode(python, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return folder + ":" + Environment.GetEnvironmentVariable("PATH");
    }

    [Fact]
    public void BundleIsThreeFilesUnder64MiB()
    {
        Assert.True(bundle.Build.ExitCode == 0, bundle.Build.StdErr + bundle.Build.StdOut);
        var files = Directory.GetFiles(bundle.Bundle).Select(f => Path.GetFileName(f)).Order().ToArray();
        Assert.Equal(["app.tar.xz", "dotnet.tar.xz", "fse"], files);
        Assert.InRange(Directory.GetFiles(bundle.Bundle).Sum(f => new FileInfo(f).Length), 1, MaxBundleBytes);
    }

    [Fact]
    public void CudaBuildCarriesTorchSharpsLinuxGlueAndNoLibTorch()
    {
        Assert.True(bundle.FirstInfo.ExitCode == 0, bundle.FirstInfo.StdErr);
        var app = Path.Combine(bundle.Unpacked, "app");
        var native = Directory.GetFiles(app, "*.so", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(app, f)).ToArray();
        Assert.Equal(["runtimes/linux-x64/native/libLibTorchSharp.so"], native);
        Assert.Equal(["linux-x64"], Directory.GetDirectories(Path.Combine(app, "runtimes")).Select(d => Path.GetFileName(d)));
        var glue = ElfVersionNeeds.Read(File.ReadAllBytes(Path.Combine(app, native[0]))).Single(n => n.Version == ElfVersionNeeds.WantedGlibcxx);
        Assert.Equal(ElfVersionNeeds.HostLacks(ElfVersionNeeds.WantedGlibcxx), glue.IsWeak);
        Assert.True(File.Exists(Path.Combine(bundle.Unpacked, "dotnet", "dotnet")));
    }

    [Fact]
    public void UnpackedBundleRunsOnTheLibTorchOfFseLibTorch()
    {
        var r = bundle.FirstInfo;
        Assert.True(r.ExitCode == 0, r.StdErr);
        Assert.Contains($"libtorch directory  {LibTorchEnv.NuGetCpuLibTorch()}\n", r.StdOut);
        Assert.Contains("libtorch            2.10.0", r.StdOut);
        Assert.Contains("TorchBackend=cuda", r.StdOut);
        Assert.DoesNotContain("libtorch:", r.StdErr);
    }

    [Fact]
    public void LibTorchOptionBeatsTheEnvironment()
    {
        var r = bundle.Launch(new() { [LibTorchLoader.EnvironmentVariable] = "/nonexistent" }, "--libtorch", LibTorchEnv.NuGetCpuLibTorch(), "info", "--device", "cpu");
        Assert.True(r.ExitCode == 0, r.StdErr);
        Assert.Contains($"libtorch directory  {LibTorchEnv.NuGetCpuLibTorch()}\n", r.StdOut);
    }

    [Fact]
    public void WithNeitherItUsesPyTorchsFolderAndSaysSo()
    {
        var path = FakePython(Path.Combine(bundle.Root, "pytorch-bin"), $"echo '{LibTorchEnv.NuGetCpuLibTorch()}'");
        var r = bundle.Launch(new() { ["PATH"] = path }, "info", "--device", "cpu");
        Assert.True(r.ExitCode == 0, r.StdErr);
        Assert.Contains($"libtorch directory  {LibTorchEnv.NuGetCpuLibTorch()}\n", r.StdOut);
        Assert.Single(r.StdErr.Split('\n'), l => l.StartsWith($"libtorch: {LibTorchEnv.NuGetCpuLibTorch()} (the installed PyTorch's", StringComparison.Ordinal));
    }

    [Fact]
    public void LibTorchLackingAGlueSymbolPointsToTheRebuild()
    {
        // Stand-in libraries with libtorch's sonames and none of its symbols; needs a C compiler, as rebuilding does.
        var folder = Path.Combine(bundle.Root, "stub-libtorch");
        Directory.CreateDirectory(folder);
        foreach (var name in new[] { "c10", "torch_cpu", "torch" })
        {
            var source = Path.Combine(folder, name + ".c");
            File.WriteAllText(source, $"int fse_stub_{name};\n");
            try
            {
                var cc = GpuBundle.Execute("cc", ["-shared", "-fPIC", "-o", Path.Combine(folder, $"lib{name}.so"), $"-Wl,-soname,lib{name}.so", source], [], TimeSpan.FromMinutes(1));
                Assert.True(cc.ExitCode == 0, cc.StdErr);
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return;
            }
        }
        var r = bundle.Launch(new() { [LibTorchLoader.EnvironmentVariable] = folder }, "info", "--device", "cpu");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("libLibTorchSharp.so: a symbol TorchSharp's native glue needs is missing from this libtorch (undefined symbol: ", r.StdErr);
        Assert.Contains("Rebuilding TorchSharp's native glue", r.StdErr);
        Assert.Single(r.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void WithNeitherAndNoPyTorchItSaysWhatToSet()
    {
        var path = FakePython(Path.Combine(bundle.Root, "no-torch-bin"), "echo \"ModuleNotFoundError: No module named 'torch'\" >&2; exit 1");
        var r = bundle.Launch(new() { ["PATH"] = path }, "info", "--device", "cpu");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("python3 cannot import torch (ModuleNotFoundError: No module named 'torch')", r.StdErr);
        Assert.Contains("set FSE_LIBTORCH or --libtorch", r.StdErr);
        Assert.Equal("", r.StdOut);
    }
}
