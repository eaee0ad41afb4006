using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis;

namespace FilmScoreEmotion.Notebooks;

/// <summary>Serves `#r "nuget: Name, Version"` from the packages the runner itself was built with, so a notebook
/// that restores packages in Polyglot Notebooks runs headless with nothing downloaded. The runner's deps.json says
/// which assemblies each package (and everything it depends on) contributes.</summary>
public sealed class NuGetReferences
{
    readonly Dictionary<string, (string[] Dlls, string[] Dependencies)> packages;
    readonly string baseDirectory;

    NuGetReferences(Dictionary<string, (string[], string[])> packages, string baseDirectory)
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
        var packages = new Dictionary<string, (string[], string[])>(StringComparer.OrdinalIgnoreCase);
        foreach (var file in depsFiles)
        {
            var targets = JsonNode.Parse(File.ReadAllText(file))?["targets"] as JsonObject;
            foreach (var (_, target) in targets ?? new JsonObject())
            {
                foreach (var (nameVersion, entry) in target as JsonObject ?? new JsonObject())
                {
                    var name = nameVersion.Split('/')[0];
                    var dlls = (entry?["runtime"] as JsonObject)?.Select(kv => Path.GetFileName(kv.Key)).ToArray() ?? [];
                    var deps = (entry?["dependencies"] as JsonObject)?.Select(kv => kv.Key).ToArray() ?? [];
                    packages.TryAdd(name, (dlls, deps));
                }
            }
        }
        return new NuGetReferences(packages, baseDir);
    }

    /// <summary>The runner's copies of the package's assemblies and of everything it depends on; an unknown package
    /// is an error that names the packages the runner does have.</summary>
    public ImmutableArray<PortableExecutableReference> Resolve(string packageName)
    {
        if (!packages.ContainsKey(packageName))
            throw new KeyNotFoundException(
                $"package '{packageName}' is not one the notebook runner was built with; add it to "
                    + "lib/FilmScoreEmotion.Notebooks/FilmScoreEmotion.Notebooks.csproj (available: "
                    + string.Join(", ", packages.Keys.Where(k => !k.StartsWith("runtimepack", StringComparison.Ordinal)).Order()) + ")"
            );
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var stack = new Stack<string>([packageName]);
        var files = new List<string>();
        while (stack.Count > 0)
        {
            var name = stack.Pop();
            if (!seen.Add(name) || !packages.TryGetValue(name, out var p))
                continue;
            files.AddRange(p.Dlls.Select(d => Path.Combine(baseDirectory, d)).Where(File.Exists));
            foreach (var d in p.Dependencies)
                stack.Push(d);
        }
        return files.Distinct().Select(f => MetadataReference.CreateFromFile(f)).ToImmutableArray();
    }

    /// <summary>The package name of a `#r "nuget: Name, Version"` reference, or null for any other reference.</summary>
    public static string? PackageOf(string reference) =>
        reference.StartsWith("nuget:", StringComparison.OrdinalIgnoreCase)
            ? reference["nuget:".Length..].Split(',')[0].Trim()
            : null;
}
