// Run by every notebook's first cell (#load "setup.csx") in Polyglot Notebooks, Jupyter and dotnet repl alike, before
// anything touches TorchSharp, Deedle or Plotly.NET. The references are in the next cell (references.csx): a missing
// #r fails its whole cell before any code runs, so this cell alone can say what to do when nothing is built.
using System.IO;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

static class NotebookSetup
{
    // Dependencies before dependants, as FilmScoreEmotion.Runtime.LibTorchLoader.LoadOrder has them for a CPU libtorch.
    static readonly string[] Natives = ["libc10.so", "libtorch_cpu.so", "libtorch.so", "libLibTorchSharp.so"];

    static string Folder([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;

    public static string BuildOutput => Path.GetFullPath(Path.Combine(Folder(), "../lib/FilmScoreEmotion.Cli/bin/Release/net10.0"));

    /// <summary>A host that ships TorchSharp itself (fse's headless runner, the tests) has its own natives and
    /// assemblies, and a second libtorch in one process aborts it; only a host without them (the kernel) needs more
    /// than the check that the build the next cell references is there.</summary>
    public static void Run()
    {
        var native = Path.Combine(BuildOutput, "runtimes", "linux-x64", "native");
        if (!File.Exists(Path.Combine(BuildOutput, "FilmScoreEmotion.dll")) || !File.Exists(Path.Combine(native, "libLibTorchSharp.so")))
            throw new FileNotFoundException(
                $"the library is not built: run `dotnet build -c Release` in {Path.GetFullPath(Path.Combine(Folder(), ".."))}, then run this notebook again"
            );
        if (File.Exists(Path.Combine(AppContext.BaseDirectory, "TorchSharp.dll")))
            return;
        // The kernel has no deps.json naming TorchSharp's natives, so TorchSharp would take the NuGet cache's glue, which
        // needs GLIBCXX_3.4.32 (Debian 12 stops at 3.4.30). The build output's copy has that one need marked weak
        // (lib/build/TorchNative.targets); loaded here by absolute path, TorchSharp finds it and libtorch by soname.
        foreach (var library in Natives)
            NativeLibrary.Load(Path.Combine(native, library));
        AssemblyLoadContext.Default.Resolving += BuildAssemblies.Resolve;
    }

    /// <summary>Every assembly of the build output that the kernel lacks, or has older, in one load context. Measured
    /// in dotnet-interactive 1.0.712001 / dotnet-repl 0.3.259 (FSharp.Core 10.0 in the kernel): `#r "nuget: Deedle"`
    /// loads Deedle into the default context, where FSharp.Core 10.1 cannot join 10.0, so Deedle fails. By path, the
    /// scripting loader's contexts try the kernel's assemblies first: a request for FSharp.Core 10.1 falls through to
    /// the build output's copy, but Giraffe.ViewEngine (under Plotly.NET) asks for FSharp.Core 5.0 and gets the
    /// kernel's 10.0, so Plotly.NET's first chart fails with a MissingMethodException (two FSharpFunc types). This
    /// context answers before the scripting loader (Default.Resolving comes first) and binds every dependency,
    /// FSharp.Core included, to the one copy it holds.</summary>
    sealed class BuildAssemblies() : AssemblyLoadContext("fse-build-output")
    {
        static readonly BuildAssemblies Context = new();

        static readonly Dictionary<string, Version?> Host = ((AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string) ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .GroupBy(Path.GetFileNameWithoutExtension, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key!, g => AssemblyName.GetAssemblyName(g.First()).Version, StringComparer.OrdinalIgnoreCase);

        static string? Own(AssemblyName name)
        {
            var path = Path.Combine(BuildOutput, name.Name + ".dll");
            return File.Exists(path) && (!Host.TryGetValue(name.Name!, out var host) || host < AssemblyName.GetAssemblyName(path).Version) ? path : null;
        }

        public static Assembly? Resolve(AssemblyLoadContext _, AssemblyName name) => Context.Load(name);

        protected override Assembly? Load(AssemblyName name) =>
            Assemblies.FirstOrDefault(a => a.GetName().Name == name.Name) ?? (Own(name) is { } path ? LoadFromAssemblyPath(path) : null);
    }
}

NotebookSetup.Run();
