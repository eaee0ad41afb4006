using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis;

namespace FilmScoreEmotion.Notebooks;

/// <summary>Serves `#r "nuget: Name, Version"` from the packages the runner itself was built with, so a notebook
/// that restores packages in Polyglot Notebooks runs headless with nothing downloaded. The runner's deps.json says
/// which assemblies each package contributes.</summary>
public sealed class NuGetReferences
{
    readonly Dictionary<string, string[]> packages;

    public string BaseDirectory => baseDirectory;
    readonly string baseDirectory;

    NuGetReferences(Dictionary<string, string[]> packages, string baseDirectory)
    {
        this.packages = packages;
        this.baseDirectory = baseDirectory;
    }

    public IEnumerable<string> PackageNames => packages.Keys;

    /// <summary>Reads the deps.json files of the running application.</summary>
    public static NuGetReferences FromRunningApp()
    {
        var baseDir = AppContext.BaseDirectory;
        var depsFiles = ((AppContext.GetData("APP_CONTEXT_DEPS_FILES") as string) ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(File.Exists)
            .ToList();
        if (depsFiles.Count == 0)
            depsFiles = Directory.EnumerateFiles(baseDir, "*.deps.json").ToList();
        var packages = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        foreach (var file in depsFiles)
        {
            var targets = JsonNode.Parse(File.ReadAllText(file))?["targets"] as JsonObject;
            foreach (var (_, target) in targets ?? new JsonObject())
            {
                foreach (var (nameVersion, entry) in target as JsonObject ?? new JsonObject())
                {
                    var name = nameVersion.Split('/')[0];
                    var dlls = (entry?["runtime"] as JsonObject)?.Select(kv => Path.GetFileName(kv.Key)).ToArray() ?? [];
                    packages.TryAdd(name, dlls);
                }
            }
        }
        return new NuGetReferences(packages, baseDir);
    }

    public bool Knows(string packageName) => packages.ContainsKey(packageName);

    /// <summary>The runner's copy of the package's main assembly (the one named like the package, else its first):
    /// Roslyn binds one assembly per `#r`, and finds the package's dependencies itself through
    /// <see cref="ScriptReferenceResolver.ResolveMissingAssembly"/>. Null for a package with no managed assembly
    /// (libtorch's native packages); an unknown package is an error naming the packages the runner does have.</summary>
    public PortableExecutableReference? Resolve(string packageName)
    {
        if (!packages.TryGetValue(packageName, out var dlls))
            throw new KeyNotFoundException(
                $"package '{packageName}' is not one the notebook runner was built with; add it to "
                    + "lib/FilmScoreEmotion.Notebooks/FilmScoreEmotion.Notebooks.csproj (available: "
                    + string.Join(", ", packages.Keys.Order()) + ")"
            );
        var main = dlls.FirstOrDefault(d => string.Equals(Path.GetFileNameWithoutExtension(d), packageName, StringComparison.OrdinalIgnoreCase))
            ?? dlls.FirstOrDefault();
        var path = main is null ? null : Path.Combine(baseDirectory, main);
        return path is not null && File.Exists(path) ? MetadataReference.CreateFromFile(path) : null;
    }

    /// <summary>The package name of a `#r "nuget: Name, Version"` reference, or null for any other reference.</summary>
    public static string? PackageOf(string reference) =>
        reference.StartsWith("nuget:", StringComparison.OrdinalIgnoreCase)
            ? reference["nuget:".Length..].Split(',')[0].Trim()
            : null;
}
