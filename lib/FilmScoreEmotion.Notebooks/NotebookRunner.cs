using System.Collections.Immutable;
using System.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace FilmScoreEmotion.Notebooks;

public sealed record CellProgress(string Notebook, int Cell, int CodeCells, int CodeCellsDone);

/// <summary>Where a run stopped: the notebook, the cell (1-based among all cells) and what went wrong.</summary>
public sealed record CellFailure(string Notebook, int Cell, string Message)
{
    public override string ToString() => $"{Notebook}, cell {Cell}: {Message}";
}

public sealed record NotebookRun(string Notebook, string ExecutedPath, TimeSpan Elapsed, int CodeCells, CellFailure? Failure)
{
    public bool Succeeded => Failure is null;
}

/// <summary>Runs a notebook's C# cells in order on Roslyn scripting, each cell continuing the state of the one
/// before (variables, usings, references), as the Polyglot Notebooks C# kernel does.</summary>
public static class NotebookRunner
{
    /// <summary>Exactly the C# kernel's default imports, so a notebook that runs here runs there too.</summary>
    public static readonly ImmutableArray<string> KernelImports =
    [
        "System",
        "System.Text",
        "System.Collections",
        "System.Collections.Generic",
        "System.Threading.Tasks",
        "System.Linq",
    ];

    static readonly object ConsoleLock = new();

    /// <summary>Executes the notebook and writes it, with its outputs, to <paramref name="outputDirectory"/> under
    /// its own file name (written whole, then renamed). A failing cell stops the run; the executed copy then shows
    /// the error under that cell.</summary>
    public static NotebookRun Run(string notebookPath, string outputDirectory, IProgress<CellProgress>? progress = null)
    {
        var clock = Stopwatch.StartNew();
        FilmScoreEmotion.Runtime.LibTorchLoader.EnsureLoaded();
        var document = NotebookDocument.Read(notebookPath);
        var name = Path.GetFileName(notebookPath);
        var code = document.Cells.Where(c => c.Kind == CellKind.Code).ToList();
        var globals = new NotebookGlobals();
        var nuget = NuGetReferences.FromRunningApp();
        // Absolute: `#load "setup.csx"` resolves against the script's path, and the cells run in the notebook's folder.
        var options = Options(nuget, Path.GetDirectoryName(Path.GetFullPath(notebookPath))!, Path.GetFullPath(notebookPath));
        var results = new Dictionary<int, CellResult>();
        ScriptState<object>? state = null;
        CellFailure? failure = null;
        int count = 0;
        // Polyglot Notebooks runs a notebook in its own folder; relative paths in cells mean the same here.
        var previousDirectory = Environment.CurrentDirectory;
        Environment.CurrentDirectory = Path.GetDirectoryName(Path.GetFullPath(notebookPath))!;
        try
        {
            foreach (var cell in code)
            {
                progress?.Report(new CellProgress(name, cell.Index, code.Count, count));
                count++;
                var (outputs, error) = Execute(cell, nuget, ref state, options, globals);
                results[cell.Index] = new CellResult(count, outputs);
                if (error is not null)
                {
                    failure = new CellFailure(name, cell.Index, error);
                    break;
                }
            }
        }
        finally
        {
            Environment.CurrentDirectory = previousDirectory;
        }
        progress?.Report(new CellProgress(name, code.LastOrDefault()?.Index ?? 0, code.Count, count));
        var executedPath = Path.Combine(Path.GetFullPath(outputDirectory), name);
        document.WithOutputs(results).WriteAtomically(executedPath);
        return new NotebookRun(name, executedPath, clock.Elapsed, code.Count, failure);
    }

    static ScriptOptions Options(NuGetReferences nuget, string notebookDirectory, string notebookPath) =>
        ScriptOptions
            .Default.WithImports(KernelImports)
            .AddReferences(typeof(NotebookGlobals).Assembly, typeof(Microsoft.AspNetCore.Html.IHtmlContent).Assembly)
            .WithMetadataResolver(new ScriptReferenceResolver(nuget, notebookDirectory))
            .WithSourceResolver(new SourceFileResolver(ImmutableArray<string>.Empty, notebookDirectory))
            .WithFilePath(notebookPath)
            .WithLanguageVersion(LanguageVersion.Preview)
            .WithOptimizationLevel(OptimizationLevel.Release);

    static (IReadOnlyList<CellOutput> Outputs, string? Error) Execute(
        NotebookCell cell,
        NuGetReferences nuget,
        ref ScriptState<object>? state,
        ScriptOptions options,
        NotebookGlobals globals
    )
    {
        if (cell.Language is not ("csharp" or "C#" or "c#"))
            return ([], $"the cell's kernel is '{cell.Language}'; the headless runner runs C# cells only");
        string source;
        try
        {
            source = string.Join('\n', cell.Source.Split('\n').Where(l => KeepLine(l, nuget)));
        }
        catch (KeyNotFoundException e)
        {
            return ([new CellOutput.Error("Error", e.Message)], e.Message);
        }
        var stdout = new StringWriter();
        var outputs = new List<CellOutput>();
        string? error = null;
        lock (ConsoleLock)
        {
            var original = Console.Out;
            Console.SetOut(stdout);
            try
            {
                var script = state is null
                    ? CSharpScript.Create<object>(source, options, typeof(NotebookGlobals))
                    : state.Script.ContinueWith<object>(source, options);
                var diagnostics = script.Compile().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
                if (diagnostics.Count > 0)
                    error = string.Join("\n", diagnostics.Select(Describe));
                else
                {
                    state = state is null
                        ? script.RunAsync(globals).GetAwaiter().GetResult()
                        : script.RunFromAsync(state).GetAwaiter().GetResult();
                    if (state.Exception is not null)
                        error = $"{state.Exception.GetType().Name}: {state.Exception.Message}";
                }
            }
            catch (CompilationErrorException e)
            {
                error = string.Join("\n", e.Diagnostics.Select(Describe));
            }
            catch (Exception e)
            {
                var inner = e is AggregateException { InnerException: not null } a ? a.InnerException! : e;
                error = $"{inner.GetType().Name}: {inner.Message}"
                    + (Environment.GetEnvironmentVariable("FSE_DEBUG") == "1" ? "\n" + inner.StackTrace : "");
            }
            finally
            {
                Console.SetOut(original);
            }
        }
        if (stdout.GetStringBuilder().Length > 0)
            outputs.Add(new CellOutput.Stream(stdout.ToString()));
        outputs.AddRange(globals.Drain());
        if (error is null && state?.ReturnValue is { } value)
            outputs.Add(NotebookGlobals.Render(value, null, isResult: true));
        if (error is not null)
            outputs.Add(new CellOutput.Error("Error", error));
        return (outputs, error);
    }

    /// <summary>Drops Polyglot magic commands (`#!...`) and `#r "nuget: ..."` lines of packages that carry no managed
    /// assembly (libtorch's natives, already loaded by TorchSharp); an unknown package throws.</summary>
    static bool KeepLine(string line, NuGetReferences nuget)
    {
        var trimmed = line.Trim();
        if (trimmed.StartsWith("#!", StringComparison.Ordinal))
            return false;
        if (!trimmed.StartsWith("#r", StringComparison.Ordinal))
            return true;
        var package = NuGetReferences.PackageOf(trimmed[2..].Trim().Trim('"'));
        return package is null || nuget.Resolve(package) is not null;
    }

    static string Describe(Diagnostic d)
    {
        var line = d.Location.GetLineSpan();
        return line.IsValid
            ? $"({line.StartLinePosition.Line + 1},{line.StartLinePosition.Character + 1}): {d.Id} {d.GetMessage()}"
            : $"{d.Id} {d.GetMessage()}";
    }
}
