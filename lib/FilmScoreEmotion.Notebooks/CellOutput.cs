using System.Text.Json.Nodes;

namespace FilmScoreEmotion.Notebooks;

/// <summary>What a code cell produced, in the order it produced it, as nbformat output objects.</summary>
public abstract record CellOutput
{
    public abstract JsonObject ToJson(int executionCount);

    /// <summary>Multi-line text as nbformat stores it: a list of lines, each keeping its newline.</summary>
    static JsonArray Lines(string text)
    {
        var parts = text.Split('\n');
        return new JsonArray(
            parts.Select((l, i) => i < parts.Length - 1 ? l + "\n" : l).Where(l => l.Length > 0).Select(l => (JsonNode)JsonValue.Create(l)).ToArray()
        );
    }

    public sealed record Stream(string Text) : CellOutput
    {
        public override JsonObject ToJson(int executionCount) =>
            new() { ["output_type"] = "stream", ["name"] = "stdout", ["text"] = Lines(Text) };
    }

    /// <summary>A value shown by display(...) or returned by the cell, in one or more MIME types.</summary>
    public sealed record Display(IReadOnlyDictionary<string, string> Data, bool IsResult) : CellOutput
    {
        public override JsonObject ToJson(int executionCount)
        {
            var data = new JsonObject();
            foreach (var (mime, text) in Data)
                data[mime] = Lines(text);
            var output = new JsonObject
            {
                ["output_type"] = IsResult ? "execute_result" : "display_data",
                ["data"] = data,
                ["metadata"] = new JsonObject(),
            };
            if (IsResult)
                output["execution_count"] = executionCount;
            return output;
        }
    }

    public sealed record Error(string Name, string Message) : CellOutput
    {
        public override JsonObject ToJson(int executionCount) =>
            new()
            {
                ["output_type"] = "error",
                ["ename"] = Name,
                ["evalue"] = Message,
                ["traceback"] = new JsonArray(Message.Split('\n').Select(l => (JsonNode)l!).ToArray()),
            };
    }
}

public sealed record CellResult(int ExecutionCount, IReadOnlyList<CellOutput> Outputs);
