using Microsoft.AspNetCore.Html;
using Microsoft.DotNet.Interactive.Formatting;

namespace FilmScoreEmotion.Notebooks;

/// <summary>The globals a headless cell sees: `display(value)` and `HTML(text)`, as in Polyglot Notebooks' C# kernel,
/// so a notebook runs the same in both.</summary>
public sealed class NotebookGlobals
{
    readonly List<CellOutput> outputs = [];

    internal IReadOnlyList<CellOutput> Drain()
    {
        var copy = outputs.ToList();
        outputs.Clear();
        return copy;
    }

    internal void Add(CellOutput output) => outputs.Add(output);

    /// <summary>Shows a value below the cell. Strings are shown as text; other values as the kernel's formatter
    /// renders them (HTML and plain text); a value that is already HTML is shown as HTML.</summary>
    public void display(object? value, string? mimeType = null) => outputs.Add(Render(value, mimeType, isResult: false));

    public IHtmlContent HTML(string html) => new HtmlString(html);

    internal static CellOutput.Display Render(object? value, string? mimeType, bool isResult)
    {
        if (mimeType is not null)
            return new CellOutput.Display(new Dictionary<string, string> { [mimeType] = value?.ToString() ?? "" }, isResult);
        if (value is string s)
            return new CellOutput.Display(new Dictionary<string, string> { ["text/plain"] = s }, isResult);
        if (value is IHtmlContent html)
            return new CellOutput.Display(new Dictionary<string, string> { ["text/html"] = html.ToString() ?? "" }, isResult);
        return new CellOutput.Display(
            new Dictionary<string, string>
            {
                ["text/html"] = value.ToDisplayString(HtmlFormatter.MimeType),
                ["text/plain"] = value.ToDisplayString(PlainTextFormatter.MimeType),
            },
            isResult
        );
    }
}

