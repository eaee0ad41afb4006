using System.Collections.Immutable;
using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;

namespace FilmScoreEmotion.Runtime;

/// <summary>Who named the libtorch folder: the CLI's --libtorch, the FSE_LIBTORCH variable, or (cuda build, neither
/// set) the PyTorch installation python3 imports.</summary>
public enum LibTorchSource
{
    Option,
    Environment,
    PyTorch,
}

public sealed record LibTorchChoice(string Directory, LibTorchSource Source)
{
    public string Describe() =>
        Source switch
        {
            LibTorchSource.Option => $"--libtorch {Directory}",
            LibTorchSource.Environment => $"{LibTorchLoader.EnvironmentVariable}={Directory}",
            _ => $"{Directory} (the installed PyTorch's, as python3 reports it)",
        };
}

/// <summary>Loads an existing libtorch (a PyTorch installation's, or any other folder) before TorchSharp's first use.
/// The libraries are loaded by absolute path from their own folder: the CUDA libraries are found through RPATHs
/// relative to it, so copies or links beside the app fail (verified on the project's GPU machine).
/// TorchSharp's glue then finds every library it needs already loaded, by soname.</summary>
public static class LibTorchLoader
{
    public const string EnvironmentVariable = "FSE_LIBTORCH";
    public const string GlueRebuildSteps = "README.md, section \"GPU\", \"Rebuilding TorchSharp's native glue\"";

    public static readonly ImmutableArray<string> Required = ["libtorch.so", "libtorch_cpu.so", "libc10.so"];

    // Dependencies before dependants; the CUDA pair only where the folder has it (a CPU libtorch has not).
    public static readonly ImmutableArray<string> LoadOrder = ["libc10.so", "libtorch_cpu.so", "libc10_cuda.so", "libtorch_cuda.so", "libtorch.so"];

    public const string PyTorchQuery = "import torch,os;print(os.path.dirname(torch.__file__)+'/lib')";

    static readonly object Gate = new();
    static string? loaded;

    /// <summary>"cpu" (libtorch from the NuGet package, in the build output) or "cuda" (no libtorch in the output:
    /// one must be named or found), as built with -p:TorchBackend.</summary>
    public static string Backend =>
        typeof(LibTorchLoader).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "TorchBackend")?.Value ?? "cpu";

    /// <summary>The folder to load: --libtorch over FSE_LIBTORCH; in the cuda build with neither, PyTorch's (asked
    /// only then, since importing torch takes seconds); in the cpu build with neither, none (the package's).</summary>
    public static LibTorchChoice? Choose(string? option, string? environment, string backend, Func<string> askPyTorch) =>
        !string.IsNullOrWhiteSpace(option) ? new LibTorchChoice(option, LibTorchSource.Option)
        : !string.IsNullOrWhiteSpace(environment) ? new LibTorchChoice(environment, LibTorchSource.Environment)
        : backend == "cuda" ? new LibTorchChoice(askPyTorch(), LibTorchSource.PyTorch)
        : null;

    /// <summary>The absolute paths to load, in order, or an exception naming the folder and what it lacks.</summary>
    public static ImmutableArray<string> Libraries(LibTorchChoice choice)
    {
        var directory = Path.GetFullPath(choice.Directory);
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException($"{directory}: libtorch folder not found (from {choice.Describe()})");
        var missing = Required.Where(name => !File.Exists(Path.Combine(directory, name))).ToList();
        if (missing.Count > 0)
            throw new FileNotFoundException(
                $"{directory}: not a libtorch folder (from {choice.Describe()}): {string.Join(", ", missing)} missing; "
                    + "name the folder holding libtorch.so, libtorch_cpu.so and libc10.so, such as a PyTorch installation's torch/lib"
            );
        return [.. LoadOrder.Select(name => Path.Combine(directory, name)).Where(File.Exists)];
    }

    /// <summary>Asks python3 where its torch's libraries are; the message says what to do where there is none.</summary>
    public static string PyTorchLibDirectory()
    {
        const string hint = $"this is the cuda build (no libtorch of its own): set {EnvironmentVariable} or --libtorch to a libtorch folder, or install PyTorch for python3";
        try
        {
            var psi = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true };
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add(PyTorchQuery);
            using var python = Process.Start(psi) ?? throw new InvalidOperationException($"python3 did not start; {hint}");
            var stdout = python.StandardOutput.ReadToEndAsync();
            var stderr = python.StandardError.ReadToEndAsync();
            if (!python.WaitForExit(TimeSpan.FromMinutes(2)))
            {
                python.Kill(entireProcessTree: true);
                throw new InvalidOperationException($"python3 -c \"import torch\" took over 2 minutes; {hint}");
            }
            var lastError = stderr.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()?.Trim();
            return python.ExitCode == 0
                ? stdout.Result.Trim()
                : throw new InvalidOperationException($"python3 cannot import torch ({lastError}); {hint}");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new InvalidOperationException($"python3 not found on PATH; {hint}");
        }
    }

    /// <summary>The loader's message for a library that fails to load, with the way out where it is a missing symbol
    /// (a libtorch newer or older than the one TorchSharp's glue was built for).</summary>
    public static string Explain(string library, string loaderMessage)
    {
        // .NET wraps the loader's line in advice about strace and LD_DEBUG; the symbol is what the user needs.
        var symbol = loaderMessage.Split('\n').Select(line => line.Trim()).FirstOrDefault(line => line.Contains("undefined symbol", StringComparison.Ordinal));
        return symbol is null
            ? $"{library}: cannot be loaded: {loaderMessage.Trim()}"
            : $"{library}: a symbol TorchSharp's native glue needs is missing from this libtorch "
                + $"({symbol[symbol.IndexOf("undefined symbol", StringComparison.Ordinal)..]}); rebuild the glue against this libtorch: {GlueRebuildSteps}";
    }

    /// <summary>Loads the chosen libtorch and then TorchSharp's glue, once per process, and returns the folder.
    /// Loading the glue here, not on TorchSharp's first call, turns a missing data symbol into a message instead of
    /// TorchSharp's generic "native backend not found".</summary>
    public static string Load(LibTorchChoice choice)
    {
        var libraries = Libraries(choice);
        var directory = Path.GetDirectoryName(libraries[0])!;
        // TorchSharp would still load the package's copy beside the app: two libtorches in one process abort it.
        if (Backend != "cuda")
            throw new InvalidOperationException(
                $"{directory}: this fse is the cpu build, which carries its own libtorch; to run on another (from {choice.Describe()}) "
                    + "build with -p:TorchBackend=cuda or use the bundle (README, section \"GPU\")"
            );
        lock (Gate)
        {
            if (loaded is not null)
                return loaded == directory
                    ? loaded
                    : throw new InvalidOperationException($"{directory}: libtorch already loaded from {loaded} in this process");
            foreach (var library in libraries.Concat(GlueBesideApp()))
            {
                try
                {
                    NativeLibrary.Load(library);
                }
                catch (DllNotFoundException e)
                {
                    throw new DllNotFoundException(Explain(library, e.Message), e);
                }
            }
            loaded = directory;
            return directory;
        }
    }

    /// <summary>The libtorch loaded for this process from the environment (FSE_LIBTORCH, or PyTorch's in the cuda
    /// build), for callers that are not the CLI, such as the notebook runner used from a test; a no-op where one was
    /// loaded already or where the cpu build uses its package's.</summary>
    public static string? EnsureLoaded()
    {
        lock (Gate)
            if (loaded is not null)
                return loaded;
        var choice = Choose(null, Environment.GetEnvironmentVariable(EnvironmentVariable), Backend, PyTorchLibDirectory);
        return choice is null ? null : Load(choice);
    }

    static IEnumerable<string> GlueBesideApp() =>
        new[] { Path.Combine(AppContext.BaseDirectory, "runtimes", $"linux-{RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant()}", "native", "libLibTorchSharp.so"), Path.Combine(AppContext.BaseDirectory, "libLibTorchSharp.so") }
            .Where(File.Exists)
            .Take(1);
}
