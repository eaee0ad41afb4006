using System.Diagnostics;
using System.Text.Json;
using FilmScoreEmotion.IO;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Documents.Jupyter;
using Microsoft.DotNet.Interactive.Events;

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

/// <summary>Runs a notebook's cells in order on .NET Interactive's C# kernel, in this process: the kernel Polyglot
/// Notebooks, Jupyter's `.net-csharp` and `dotnet repl` run, so a notebook that runs here runs there.</summary>
public static class NotebookRunner
{
    /// <summary>The kernel names a C# cell may carry (Polyglot Notebooks writes "csharp"; older files "C#").</summary>
    static readonly HashSet<string> CSharp = new(["csharp", "C#", "c#"], StringComparer.Ordinal);

    /// <summary>Executes the notebook and writes it, with its outputs as Polyglot Notebooks stores them, to
    /// <paramref name="outputDirectory"/> under its own file name (written whole, then renamed). A failing cell stops
    /// the run; the executed copy then shows the error under that cell and no output below it.</summary>
    public static NotebookRun Run(string notebookPath, string outputDirectory, IProgress<CellProgress>? progress = null)
    {
        var clock = Stopwatch.StartNew();
        var name = Path.GetFileName(notebookPath);
        var document = Read(notebookPath);
        var cells = document.Elements.Select((element, i) => (Element: element, Index: i + 1)).Where(c => c.Element.KernelName != "markdown").ToList();
        foreach (var (element, _) in cells)
        {
            element.Outputs.Clear();
            element.ExecutionOrder = 0;
        }
        FilmScoreEmotion.Runtime.LibTorchLoader.EnsureLoaded();
        CellFailure? failure = null;
        var done = 0;
        // Polyglot Notebooks and Jupyter start the kernel in the notebook's folder; relative paths in cells mean the same here.
        var previousDirectory = Environment.CurrentDirectory;
        Environment.CurrentDirectory = Path.GetDirectoryName(Path.GetFullPath(notebookPath))!;
        try
        {
            using var kernel = new CompositeKernel { new CSharpKernel().UseKernelHelpers().UseValueSharing() };
            kernel.DefaultKernelName = "csharp";
            foreach (var (element, index) in cells)
            {
                progress?.Report(new CellProgress(name, index, cells.Count, done));
                done++;
                var error = CSharp.Contains(element.KernelName ?? "csharp")
                    ? Execute(kernel, element, done)
                    : Refuse(element, $"the cell's kernel is '{element.KernelName}'; the headless runner runs C# cells only");
                if (error is not null)
                {
                    failure = new CellFailure(name, index, error);
                    break;
                }
            }
        }
        finally
        {
            Environment.CurrentDirectory = previousDirectory;
        }
        progress?.Report(new CellProgress(name, cells.LastOrDefault().Index, cells.Count, done));
        var executedPath = Path.Combine(Path.GetFullPath(outputDirectory), name);
        AtomicFile.WriteAllText(executedPath, Notebook.ToJupyterJson(document));
        return new NotebookRun(name, executedPath, clock.Elapsed, cells.Count, failure);
    }

    /// <summary>The notebook as Polyglot Notebooks reads it; a missing file or one that is not a notebook is one
    /// line naming the file.</summary>
    static InteractiveDocument Read(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: notebook not found");
        try
        {
            return Notebook.Parse(File.ReadAllText(path));
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or KeyNotFoundException or NullReferenceException)
        {
            throw new InvalidDataException($"{path}: not a notebook ({e.Message})");
        }
    }

    /// <summary>Submits one cell and stores what the kernel published, in order, as the cell's outputs; returns the
    /// error that failed it, if any.</summary>
    static string? Execute(Kernel kernel, InteractiveDocumentElement cell, int executionOrder)
    {
        var result = kernel.SendAsync(new SubmitCode(cell.Contents, "csharp")).GetAwaiter().GetResult();
        cell.ExecutionOrder = executionOrder;
        string? error = null;
        foreach (var e in result.Events)
        {
            switch (e)
            {
                case StandardOutputValueProduced output:
                    cell.Outputs.Add(new TextElement(Text(output), "stdout"));
                    break;
                case StandardErrorValueProduced output:
                    cell.Outputs.Add(new TextElement(Text(output), "stderr"));
                    break;
                case ErrorProduced output:
                    cell.Outputs.Add(new TextElement(output.Message, "stderr"));
                    break;
                case ReturnValueProduced value:
                    var returned = new ReturnValueElement { ExecutionOrder = executionOrder };
                    foreach (var (mimeType, text) in Data(value))
                        returned.Data[mimeType] = text;
                    cell.Outputs.Add(returned);
                    break;
                case DisplayEvent display:
                    cell.Outputs.Add(new DisplayElement(Data(display)));
                    break;
                case CommandFailed failed:
                    var (name, message, trace) = Describe(failed);
                    error = message + (Environment.GetEnvironmentVariable("FSE_DEBUG") == "1" ? "\n" + string.Join("\n", trace) : "");
                    cell.Outputs.Add(new ErrorElement(message, name, trace));
                    break;
            }
        }
        return error;
    }

    /// <summary>The kernel's message for a cell's exception is the whole exception with its stack; the user reads its
    /// type and message (the executed notebook keeps the stack). Compile errors are already one diagnostic a line.</summary>
    static (string Name, string Message, string[] Trace) Describe(CommandFailed failed)
    {
        var exception = failed.Exception is TypeInitializationException or AggregateException { InnerException: not null }
            ? failed.Exception.InnerException
            : failed.Exception;
        return exception is null or CodeSubmissionCompilationErrorException
            ? ("Error", failed.Message, [])
            : (exception.GetType().Name, $"{exception.GetType().Name}: {exception.Message}", (exception.StackTrace ?? "").Split('\n'));
    }

    static string Refuse(InteractiveDocumentElement cell, string error)
    {
        cell.Outputs.Add(new ErrorElement(error, "Error", []));
        return error;
    }

    static string Text(DisplayEvent e) => string.Concat(e.FormattedValues.Select(v => v.Value));

    static IDictionary<string, object> Data(DisplayEvent e) => e.FormattedValues.ToDictionary(v => v.MimeType, v => (object)v.Value);
}
