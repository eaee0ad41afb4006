using System.Security.Cryptography;

namespace FilmScoreEmotion.Training;

/// <summary>The one content key of the data a run trains on: SHA-256 over the spectrograms' bytes and their labels,
/// excerpts, groups and class names. Whatever is resumed or reused (a checkpoint, a grid run, the final model) is
/// keyed by it, so an audio file fixed in place (same length, same count of segments) trains afresh instead of
/// serving weights of the corpus it replaced.</summary>
public static class DataKey
{
    public static string Of(LabelledSegments data)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var x = data.X.contiguous().cpu();
        sha.AppendData(x.bytes);
        sha.AppendData(System.Text.Encoding.UTF8.GetBytes(string.Join('|', data.Labels) + "#" + string.Join('|', data.ExcerptIds) + "#" + string.Join('|', data.Groups) + "#" + string.Join('|', data.ClassNames)));
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
