using System.Text;

namespace FilmScoreEmotion.Corpus;

/// <summary>RFC 4180 CSV: fields quoted when they hold a comma, quote or line break; doubled quotes inside.</summary>
public static class Csv
{
    /// <summary>Parses the whole text into rows; a leading UTF-8 BOM is dropped, CRLF and LF both end a row.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Parse(string text, string sourceName)
    {
        var rows = new List<IReadOnlyList<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var i = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        var inQuotes = false;
        var line = 1;
        var fieldStarted = false;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else
                        inQuotes = false;
                }
                else
                {
                    if (c == '\n')
                        line++;
                    field.Append(c);
                }
                continue;
            }
            switch (c)
            {
                case '"' when field.Length == 0 && !fieldStarted:
                    inQuotes = true;
                    fieldStarted = true;
                    break;
                case ',':
                    row.Add(field.ToString());
                    field.Clear();
                    fieldStarted = false;
                    break;
                case '\r':
                    break;
                case '\n':
                    row.Add(field.ToString());
                    field.Clear();
                    fieldStarted = false;
                    rows.Add(row);
                    row = [];
                    line++;
                    break;
                default:
                    field.Append(c);
                    fieldStarted = true;
                    break;
            }
        }
        if (inQuotes)
            throw new InvalidDataException(
                $"{sourceName}: line {line}: quoted field not closed before the end of the file"
            );
        if (field.Length > 0 || fieldStarted || row.Count > 0)
        {
            row.Add(field.ToString());
            rows.Add(row);
        }
        return rows.Where(r => !(r.Count == 1 && r[0].Trim().Length == 0)).ToList();
    }

    public static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\n', '\r']) >= 0
            ? "\"" + field.Replace("\"", "\"\"") + "\""
            : field;

    public static string Format(IEnumerable<IReadOnlyList<string>> rows)
    {
        var sb = new StringBuilder();
        foreach (var r in rows)
            sb.Append(string.Join(',', r.Select(Quote))).Append("\r\n");
        return sb.ToString();
    }
}
