using System.CommandLine;
using FilmScoreEmotion.Notebooks;

namespace FilmScoreEmotion.Cli.Commands;

public static class NotebookCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("notebooks") { Description = "the .ipynb files to run, in order", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--output")
        {
            Description = "folder for the executed notebooks",
            DefaultValueFactory = _ => Path.Combine("results", "notebooks"),
        };
        var run = new Command("run", "Run notebooks headless on .NET Interactive's C# kernel and write them with their outputs.");
        run.Arguments.Add(paths);
        run.Options.Add(output);
        run.SetAction(parse => CliRun.Guard(() => RunAll(parse.GetValue(paths)!, parse.GetValue(output)!)));
        var command = new Command("notebook", "Notebook tools.");
        command.Subcommands.Add(run);
        return command;
    }

    /// <summary>Runs each notebook in order and stops at the first failing cell, naming notebook, cell and error.</summary>
    public static int RunAll(IReadOnlyList<string> notebooks, string outputDirectory)
    {
        OutputGuard.Folder("--output", outputDirectory);
        foreach (var path in notebooks)
        {
            NotebookRun? result = null;
            StageProgress.Run(
                addStage =>
                {
                    var task = addStage(Path.GetFileName(path));
                    var progress = new Progress<CellProgress>(p =>
                    {
                        task.MaxValue = Math.Max(1, p.CodeCells);
                        task.Value = p.CodeCellsDone;
                    });
                    result = NotebookRunner.Run(path, outputDirectory, progress);
                },
                clearWhenDone: true);
            if (result!.Failure is { } failure)
            {
                Console.Error.WriteLine($"error: {failure} (executed copy with the error: {result.ExecutedPath})");
                return CliRun.Failure;
            }
            Console.WriteLine($"ran {result.Notebook}: {result.CodeCells} code cells in {result.Elapsed.TotalSeconds:F1} s -> {result.ExecutedPath}");
        }
        return 0;
    }
}
