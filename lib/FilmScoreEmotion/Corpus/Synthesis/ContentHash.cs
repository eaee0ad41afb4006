using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace FilmScoreEmotion.Corpus.Synthesis;

/// <summary>SHA-256 of a large input file, computed once per process for each (path, length, modification time).</summary>
static class ContentHash
{
    static readonly ConcurrentDictionary<(string, long, DateTime), string> Known = new();

    public static string Of(string path)
    {
        var info = new FileInfo(path);
        return Known.GetOrAdd(
            (info.FullName, info.Length, info.LastWriteTimeUtc),
            _ =>
            {
                using var stream = File.OpenRead(path);
                return Convert.ToHexStringLower(SHA256.HashData(stream));
            }
        );
    }
}
