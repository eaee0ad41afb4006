using System.Text;

namespace FilmScoreEmotion.Experiments.Runs;

/// <summary>What `fse grid slurm` asks of the scheduler. Null fields are left to the cluster's defaults.</summary>
public sealed record SlurmRequest(string? Partition = null, string? Time = null, int CpusPerTask = 1, int? GpusPerTask = null, int MaxParallel = 8);

/// <summary>The two sbatch scripts of a grid: an array over the runs still missing and a merge job meant to depend
/// on it with <c>afterok</c>. Both call fse as <paramref name="fse"/> (an already quoted command line), so the node
/// runs the same build that wrote them.</summary>
public static class SlurmScripts
{
    public const string ArrayScript = "grid-array.sh";
    public const string MergeScript = "grid-merge.sh";

    public static string Folder(string directory) => Path.Combine(directory, "slurm");

    public static string Logs(string directory) => Path.Combine(Folder(directory), "logs");

    /// <summary>Indices as Slurm's array syntax: sorted, runs of consecutive indices as ranges ("0-5,7,9-12").</summary>
    public static string Ranges(IEnumerable<int> indices)
    {
        var sorted = indices.Distinct().Order().ToList();
        var parts = new List<string>();
        for (var i = 0; i < sorted.Count; )
        {
            var j = i;
            while (j + 1 < sorted.Count && sorted[j + 1] == sorted[j] + 1)
                j++;
            parts.Add(i == j ? $"{sorted[i]}" : $"{sorted[i]}-{sorted[j]}");
            i = j + 1;
        }
        return string.Join(',', parts);
    }

    public static string Array(string directory, IEnumerable<int> indices, SlurmRequest request, string fse) =>
        Script(
            directory, "fse-grid", $"run-%A_%a.out", request, request.CpusPerTask, request.GpusPerTask,
            [$"#SBATCH --array={Ranges(indices)}%{request.MaxParallel}"],
            // libtorch would otherwise start a thread per core of the node, however few the task was given
            ["export OMP_NUM_THREADS=\"${SLURM_CPUS_PER_TASK:-1}\"", $"{fse} grid run {Quote(directory)} --index-from-env SLURM_ARRAY_TASK_ID"]);

    public static string Merge(string directory, SlurmRequest request, string fse) =>
        Script(directory, "fse-grid-merge", "merge-%j.out", request, 1, null, [], [$"{fse} grid merge {Quote(directory)}"]);

    static string Script(string directory, string name, string log, SlurmRequest request, int cpus, int? gpus, IEnumerable<string> extra, IEnumerable<string> body)
    {
        var text = new StringBuilder("#!/bin/bash\n");
        text.Append($"#SBATCH --job-name={name}\n");
        text.Append($"#SBATCH --output={Path.Combine(Logs(directory), log)}\n");
        text.Append($"#SBATCH --cpus-per-task={cpus}\n");
        if (gpus is { } g)
            text.Append($"#SBATCH --gpus-per-task={g}\n");
        if (request.Partition is { } p)
            text.Append($"#SBATCH --partition={p}\n");
        if (request.Time is { } t)
            text.Append($"#SBATCH --time={t}\n");
        foreach (var line in extra)
            text.Append(line).Append('\n');
        text.Append("set -e\n");
        foreach (var line in body)
            text.Append(line).Append('\n');
        return text.ToString();
    }

    /// <summary>A word for bash: single-quoted, with single quotes inside escaped.</summary>
    public static string Quote(string word) => "'" + word.Replace("'", "'\\''") + "'";
}
