using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FilmScoreEmotion.Evaluation;
using FilmScoreEmotion.Experiments;
using FilmScoreEmotion.Experiments.Runs;
using FilmScoreEmotion.Models;
using FilmScoreEmotion.Spectra;
using FilmScoreEmotion.Tests.Foundation;
using FilmScoreEmotion.Tests.Training;
using FilmScoreEmotion.Training;

namespace FilmScoreEmotion.Tests.Experiments;

// SyntheticSegments.Blobs draws from libtorch's global generator and these tests expect a seed to give the same blobs
// each time: outside the collection a test drawing at the same moment changes them (the grid's ids differed once in CI).
[Collection(TorchRandomCollection.Name)]
public class GridPlanTests
{
    static readonly ExperimentProfile Smoke = ExperimentProfile.For(ProfileName.Smoke);

    // every spectrogram gets the same blobs: the plan only needs labels, excerpts and features to hash
    static IReadOnlyList<PlannedRun> PlanOn(IEnumerable<GridExperiment> experiments, int seed = 1) =>
        GridPlan.Plan(Smoke, experiments, _ => SyntheticSegments.Blobs(excerptsPerClass: 4, segmentsPerExcerpt: 3, seed: seed));

    [Fact]
    public void IdsAreStableForTheSameInputsAndChangeWithAnyOfThem()
    {
        var a = PlanOn(GridExperiment.Notebooks).Select(p => p.Run.Id).ToList();
        Assert.Equal(a, PlanOn(GridExperiment.Notebooks).Select(p => p.Run.Id).ToList());
        Assert.Equal(a.Count, a.Distinct().Count());
        Assert.Empty(a.Intersect(PlanOn(GridExperiment.Notebooks, seed: 2).Select(p => p.Run.Id)));
        var run = GridRun.Create(ModelKind.Cnn4, SpectrogramKind.Cqt, ProtocolKind.SegmentKFold, 0, 1, 0, "inputs");
        Assert.Equal(run, GridRun.Create(ModelKind.Cnn4, SpectrogramKind.Cqt, ProtocolKind.SegmentKFold, 0, 1, 0, "inputs"));
        Assert.NotEqual(run.Id, GridRun.Create(ModelKind.Cnn4, SpectrogramKind.Cqt, ProtocolKind.SegmentKFold, 0, 1, 1, "inputs").Id);
        Assert.NotEqual(run.Id, GridRun.Create(ModelKind.Cnn4, SpectrogramKind.Cqt, ProtocolKind.SegmentKFold, 0, 1, 0, "other inputs").Id);
    }

    /// The precision decides the result, so it is part of every run's id; fp32 keeps the ids planned before it existed.
    [Fact]
    public void PrecisionIsPartOfTheRunIds()
    {
        var blobs = SyntheticSegments.Blobs(excerptsPerClass: 4, segmentsPerExcerpt: 3);
        var ids = FilmScoreEmotion.Training.Precisions.All.Select(precision =>
            GridPlan.Plan(ExperimentProfile.For(ProfileName.Smoke, precision), GridExperiment.Notebooks, _ => blobs).Select(p => p.Run.Id).ToHashSet()).ToList();
        Assert.Equal(PlanOn(GridExperiment.Notebooks).Select(p => p.Run.Id).ToHashSet(), ids[0]);
        Assert.Empty(ids[0].Intersect(ids[1]));
        Assert.Empty(ids[1].Intersect(ids[2]));
    }

    [Fact]
    public void TheGridIsTheUnionOfWhatEachNotebookEnsures()
    {
        var whole = PlanOn(GridExperiment.Notebooks).Select(p => p.Run).ToList();
        var union = GridExperiment.Notebooks.SelectMany(e => PlanOn([e]).Select(p => p.Run)).Distinct().ToList();
        Assert.Equal(union.OrderBy(r => r.Id), whole.OrderBy(r => r.Id));
        // the paper's seven (model, spectrogram) pairs cross-validated both ways, plus CNN4's training/validation phase
        Assert.Equal(ExperimentProfile.PaperGrid.Length * 2 * Smoke.Folds + Smoke.Repeats, whole.Count);
        Assert.Equal(ExperimentProfile.PaperGrid.ToHashSet(), GridExperiment.Notebooks.SelectMany(e => e.Inputs).ToHashSet());
    }

    [Fact]
    public void NotebooksEnsureExactlyTheExperimentsOfTheGrid()
    {
        var notebooks = Path.Combine(ReproduceScriptTests.RepoRoot(), "notebooks");
        var code = Directory.GetFiles(notebooks, "*.ipynb")
            .SelectMany(f => JsonNode.Parse(File.ReadAllText(f))!["cells"]!.AsArray())
            .Select(c => string.Concat(c!["source"]!.AsArray().Select(s => (string?)s)))
            .ToList();
        Assert.DoesNotContain(code, c => Regex.IsMatch(c, @"Grid\.Ensure\(settings, (?!GridExperiment\.)"));
        var used = code.SelectMany(c => Regex.Matches(c, @"Grid\.Ensure\(settings, GridExperiment\.(\w+)\)").Select(m => m.Groups[1].Value)).ToHashSet();
        var named = typeof(GridExperiment).GetFields().Where(f => f.FieldType == typeof(GridExperiment)).ToDictionary(f => f.Name, f => (GridExperiment)f.GetValue(null)!);
        Assert.Equal(named.Keys.ToHashSet(), used);
        Assert.Equal(named.Values.ToHashSet(), GridExperiment.Notebooks.ToHashSet());
    }

    [Fact]
    public void AnEditedPlanIsRefused()
    {
        var dir = Directory.CreateTempSubdirectory("fse-grid-doc-").FullName;
        try
        {
            var manifest = Path.Combine(dir, "manifest.csv");
            File.WriteAllText(manifest, "excerptId,source,emotion,path\n");
            var runs = PlanOn([GridExperiment.Confusion]).Select(p => p.Run);
            GridDocument.Create(ProfileName.Smoke, "synthetic", GridCorpus.Of(manifest), Path.Combine(dir, "cache"), runs).Write(dir);
            var read = GridDocument.Read(dir);
            Assert.Equal(Smoke.Repeats, read.Runs.Length);
            Assert.Equal(read.PlanHash, read.ComputeHash());
            var path = GridDocument.PathIn(dir);
            File.WriteAllText(path, File.ReadAllText(path).Replace("\"Fold\": 0", "\"Fold\": 1"));
            var e = Assert.Throws<InvalidDataException>(() => GridDocument.Read(dir));
            Assert.Contains("grid.json was edited", e.Message);
            Assert.Contains($"fse grid plan --profile smoke --corpus synthetic --output {dir}", e.Message);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// Runs carry enums since issue 22; the files keep the words they had. A plan and a result written before still
    /// load, with the same ids and plan hash, and a result written again is the same text.
    [Fact]
    public void FilesWrittenBeforeRunsCarriedEnumsStillLoad()
    {
        var folder = Path.Combine(ReproduceScriptTests.RepoRoot(), "tests", "fixtures", "grid-v1");
        var document = GridDocument.Read(folder);
        Assert.Equal((ProfileName.Smoke, Precision.Fp32), (document.Profile, document.Precision));
        var entry = document.Runs[1];
        Assert.Equal((ModelKind.Cnn4, SpectrogramKind.Cqt, ProtocolKind.SegmentKFold), (entry.Model, entry.Spectrogram, entry.Protocol));
        Assert.Equal(entry.ToRun(), GridRun.Create(ModelKind.Cnn4, SpectrogramKind.Cqt, ProtocolKind.SegmentKFold, 0, 1, 0, entry.InputsHash));
        var runs = Grid.RunsDirectory(folder);
        var result = GridRunner.TryLoad(runs, entry.ToRun());
        Assert.NotNull(result);
        Assert.Equal(0.25, result.Accuracy);
        Assert.Equal(File.ReadAllText(GridRunner.ResultPath(runs, entry.ToRun())), JsonSerializer.Serialize(result, GridRun.Json));
        Assert.Null(GridRunner.TryLoad(runs, entry.ToRun() with { Model = ModelKind.Basic }));
    }

    [Fact]
    public void AnUnknownKindInAPlanIsNamed()
    {
        var dir = Directory.CreateTempSubdirectory("fse-grid-doc-").FullName;
        try
        {
            var source = Path.Combine(ReproduceScriptTests.RepoRoot(), "tests", "fixtures", "grid-v1", GridDocument.FileName);
            File.WriteAllText(GridDocument.PathIn(dir), File.ReadAllText(source).Replace("\"Model\": \"cnn4\"", "\"Model\": \"vgg\""));
            var e = Assert.Throws<InvalidDataException>(() => GridDocument.Read(dir));
            Assert.Contains("unknown model 'vgg': use basic, cnn4, cnn3, cnn4res, cnn4inception", e.Message);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData(new[] { 0, 1, 2, 3, 4, 5 }, "0-5")]
    [InlineData(new[] { 12, 3, 4, 9, 10, 11, 7 }, "3-4,7,9-12")]
    [InlineData(new[] { 5 }, "5")]
    public void ArrayIndicesAreWrittenAsRanges(int[] indices, string expected) => Assert.Equal(expected, SlurmScripts.Ranges(indices));

    [Fact]
    public void TheArrayScriptRunsOneIndexPerTaskThrottled()
    {
        var script = SlurmScripts.Array("/grid", [0, 1, 2, 5], new SlurmRequest(Partition: "gpu", Time: "01:00:00", CpusPerTask: 4, GpusPerTask: 1, MaxParallel: 3), "'/x/dotnet' '/x/fse.dll'");
        var lines = script.Split('\n');
        Assert.Equal("#!/bin/bash", lines[0]);
        Assert.Contains("#SBATCH --array=0-2,5%3", lines);
        Assert.Contains("#SBATCH --cpus-per-task=4", lines);
        Assert.Contains("#SBATCH --gpus-per-task=1", lines);
        Assert.Contains("#SBATCH --partition=gpu", lines);
        Assert.Contains("#SBATCH --time=01:00:00", lines);
        Assert.Contains("'/x/dotnet' '/x/fse.dll' grid run '/grid' --index-from-env SLURM_ARRAY_TASK_ID", lines);
        Assert.True(Array.IndexOf(lines, "set -e") > lines.ToList().FindLastIndex(l => l.StartsWith("#SBATCH")));
        Assert.Equal("'it'\\''s'", SlurmScripts.Quote("it's"));
    }
}
