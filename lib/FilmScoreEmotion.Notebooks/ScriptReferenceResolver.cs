using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Scripting;

namespace FilmScoreEmotion.Notebooks;

/// <summary>Resolves a cell's `#r`: NuGet references from the runner's own packages; a path to an assembly the
/// runner already carries (the project's library, typically `#r "../lib/.../FilmScoreEmotion.dll"`) to the runner's
/// copy, so one process never loads two copies of one assembly; any other path relative to the notebook.</summary>
public sealed class ScriptReferenceResolver(NuGetReferences nuget, string notebookDirectory) : MetadataReferenceResolver
{
    readonly ScriptMetadataResolver files = ScriptMetadataResolver.Default.WithBaseDirectory(notebookDirectory);

    public override ImmutableArray<PortableExecutableReference> ResolveReference(
        string reference,
        string? baseFilePath,
        MetadataReferenceProperties properties
    )
    {
        var package = NuGetReferences.PackageOf(reference);
        if (package is not null)
            return nuget.Resolve(package) is { } main ? [main] : [];
        var own = Path.Combine(AppContext.BaseDirectory, Path.GetFileName(reference));
        if (reference.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) && File.Exists(own))
            return [MetadataReference.CreateFromFile(own, properties)];
        return files.ResolveReference(reference, baseFilePath, properties);
    }

    public override bool ResolveMissingAssemblies => true;

    /// <summary>Dependencies of referenced assemblies (FSharp.Core under Plotly.NET, and so on) from the runner's own
    /// folder, where the build put every package it references.</summary>
    public override PortableExecutableReference? ResolveMissingAssembly(MetadataReference definition, AssemblyIdentity referenceIdentity)
    {
        var own = Path.Combine(nuget.BaseDirectory, referenceIdentity.Name + ".dll");
        return File.Exists(own) ? MetadataReference.CreateFromFile(own) : files.ResolveMissingAssembly(definition, referenceIdentity);
    }

    public override bool Equals(object? other) =>
        other is ScriptReferenceResolver r && r.files.BaseDirectory == files.BaseDirectory;

    public override int GetHashCode() => files.BaseDirectory?.GetHashCode() ?? 0;
}
