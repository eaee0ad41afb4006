using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using TorchSharp;

namespace FilmScoreEmotion.Runtime;

/// <summary>What the process runs on, as `fse info` and the notebooks report it.</summary>
public sealed record TorchInfo(
    string DotNet,
    string TorchSharp,
    string LibTorch,
    string LibTorchDirectory,
    bool CudaAvailable,
    int CudaDevices,
    bool CudnnAvailable,
    string Device,
    string DeviceName,
    string TorchBackend,
    int Threads,
    string OneDnnIsa
);

public static partial class TorchInfoProbe
{
    /// <summary>Touches TorchSharp (loading libtorch if it was not yet loaded) and reports versions and devices.</summary>
    public static TorchInfo Probe(DeviceRequest request)
    {
        var device = DeviceChoice.Resolve(request);
        var cuda = torch.cuda.is_available();
        var libDir = LoadedLibTorchDirectory() ?? "(not found in /proc/self/maps)";
        return new TorchInfo(
            DotNet: RuntimeInformation.FrameworkDescription,
            TorchSharp: typeof(torch).Assembly.GetName().Version?.ToString(3) ?? "?",
            LibTorch: LibTorchVersion(libDir),
            LibTorchDirectory: libDir,
            CudaAvailable: cuda,
            CudaDevices: cuda ? torch.cuda.device_count() : 0,
            CudnnAvailable: cuda && torch.cuda.is_cudnn_available(),
            Device: device.ToString(),
            DeviceName: device.type == DeviceType.CUDA ? NvidiaGpuNames().FirstOrDefault() ?? "unknown" : "CPU",
            TorchBackend: LibTorchLoader.Backend,
            Threads: torch.get_num_threads(),
            OneDnnIsa: Runtime.OneDnnIsa.Describe()
        );
    }

    /// <summary>The folder libtorch_cpu.so was mapped from: the only way to tell which libtorch a process really
    /// runs on when several (NuGet's, a PyTorch installation's) could have been found.</summary>
    public static string? LoadedLibTorchDirectory()
    {
        const string maps = "/proc/self/maps";
        if (!File.Exists(maps))
            return null;
        return File.ReadLines(maps)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "")
            .Where(path => Path.GetFileName(path) == "libtorch_cpu.so")
            .Select(Path.GetDirectoryName)
            .FirstOrDefault();
    }

    /// <summary>The GPUs' model names as the NVIDIA driver lists them: TorchSharp 0.107 has no device-name call.</summary>
    public static IEnumerable<string> NvidiaGpuNames()
    {
        const string gpus = "/proc/driver/nvidia/gpus";
        return Directory.Exists(gpus)
            ? Directory.EnumerateFiles(gpus, "information", SearchOption.AllDirectories)
                .Order(StringComparer.Ordinal)
                .SelectMany(File.ReadLines)
                .Where(line => line.StartsWith("Model:", StringComparison.Ordinal))
                .Select(line => line["Model:".Length..].Trim())
            : [];
    }

    /// <summary>The libtorch version of a folder: a PyTorch installation has it in the version.py beside its lib
    /// folder, NuGet's package folder in its path; a copy in the build output is named in the app's deps.json.</summary>
    public static string LibTorchVersion(string libDir)
    {
        var nuget = NuGetVersion().Match(libDir.Replace('\\', '/') + "/");
        if (nuget.Success)
            return nuget.Groups[1].Value;
        var deps = Directory.Exists(libDir) && libDir.StartsWith(AppContext.BaseDirectory.TrimEnd('/'), StringComparison.Ordinal)
            ? Directory.EnumerateFiles(AppContext.BaseDirectory, "*.deps.json")
                .Select(f => NuGetVersion().Match(File.ReadAllText(f)))
                .FirstOrDefault(m => m.Success)
            : null;
        if (deps is not null)
            return deps.Groups[1].Value;
        var versionPy = Path.Combine(Path.GetDirectoryName(libDir) ?? libDir, "version.py");
        if (File.Exists(versionPy))
        {
            var m = PyVersion().Match(File.ReadAllText(versionPy));
            if (m.Success)
                return m.Groups[1].Value;
        }
        return "unknown";
    }

    [GeneratedRegex(@"libtorch-[a-z0-9.\-]+?/(\d+\.\d+\.\d+[^/""]*)(?:/|"")", RegexOptions.IgnoreCase)]
    private static partial Regex NuGetVersion();

    [GeneratedRegex(@"__version__\s*=\s*['""]([^'""]+)['""]")]
    private static partial Regex PyVersion();
}
