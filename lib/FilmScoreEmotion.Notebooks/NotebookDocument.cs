using System.Text.Json;
using System.Text.Json.Nodes;
using FilmScoreEmotion.IO;

namespace FilmScoreEmotion.Notebooks;

public enum CellKind
{
    Code,
    Markdown,
    Raw,
}

/// <summary>One cell as the runner sees it; <see cref="Index"/> is its position among all cells (1-based, as a
/// reader counts them in an editor).</summary>
public sealed record NotebookCell(int Index, CellKind Kind, string Source, string Language);

/// <summary>An .ipynb file in the shape Polyglot Notebooks writes (nbformat 4.5). The JSON tree is kept whole so
/// that writing an executed copy changes only outputs and execution counts.</summary>
public sealed record NotebookDocument(string Path, JsonObject Root)
{
    public IReadOnlyList<NotebookCell> Cells =>
        (Root["cells"] as JsonArray ?? new JsonArray())
            .Select((node, i) => ToCell(i + 1, node as JsonObject ?? throw Invalid($"cell {i + 1} is not an object")))
            .ToList();

    public static NotebookDocument Read(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: notebook not found");
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a notebook (invalid JSON: {e.Message})");
        }
        if (root is not JsonObject obj || obj["cells"] is not JsonArray)
            throw new InvalidDataException($"{path}: not a notebook (no \"cells\" array)");
        return new NotebookDocument(path, obj);
    }

    /// <summary>A copy with each code cell's outputs replaced by <paramref name="outputs"/> (keyed by cell index).</summary>
    public NotebookDocument WithOutputs(IReadOnlyDictionary<int, CellResult> outputs)
    {
        var copy = (JsonObject)Root.DeepClone();
        var cells = (JsonArray)copy["cells"]!;
        for (int i = 0; i < cells.Count; i++)
        {
            if (cells[i] is not JsonObject cell || (string?)cell["cell_type"] != "code")
                continue;
            var result = outputs.GetValueOrDefault(i + 1);
            cell["outputs"] = new JsonArray((result?.Outputs ?? []).Select(o => (JsonNode)o.ToJson(result!.ExecutionCount)).ToArray());
            cell["execution_count"] = result is null ? null : result.ExecutionCount;
        }
        return this with { Root = copy };
    }

    public void WriteAtomically(string path) =>
        AtomicFile.WriteAllText(path, Root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n");

    NotebookCell ToCell(int index, JsonObject cell)
    {
        var kind = (string?)cell["cell_type"] switch
        {
            "code" => CellKind.Code,
            "markdown" => CellKind.Markdown,
            _ => CellKind.Raw,
        };
        var source = cell["source"] switch
        {
            JsonArray lines => string.Concat(lines.Select(l => (string?)l)),
            JsonValue v => (string?)v ?? "",
            _ => "",
        };
        var language =
            (string?)cell["metadata"]?["polyglot_notebook"]?["kernelName"]
            ?? (string?)cell["metadata"]?["dotnet_interactive"]?["language"]
            ?? "csharp";
        return new NotebookCell(index, kind, source, language);
    }

    Exception Invalid(string what) => new InvalidDataException($"{Path}: {what}");
}
