using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;

namespace FilmScoreEmotion.Corpus.Import;

/// <summary>Finding a dataset's audio files and their durations without decoding them.</summary>
public static class AudioFiles
{
    public static readonly IReadOnlySet<string> Extensions = new HashSet<string>(
        StringComparer.OrdinalIgnoreCase
    )
    {
        ".wav",
        ".mp3",
        ".flac",
        ".ogg",
        ".m4a",
        ".aif",
        ".aiff",
    };

    public static bool IsAudio(string path) => Extensions.Contains(Path.GetExtension(path));

    /// <summary>Audio files under <paramref name="directory"/> (recursively), in ordinal path order.</summary>
    public static IReadOnlyList<string> Under(string directory) =>
        Directory
            .EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Where(IsAudio)
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// Duration in seconds: WAV from its header (data bytes / bytes per second); anything else from ffprobe.
    /// Returns an error message instead of throwing, so the caller can list it with the others.
    /// </summary>
    public static (double Seconds, string? Error) Duration(string path)
    {
        try
        {
            return Path.GetExtension(path).Equals(".wav", StringComparison.OrdinalIgnoreCase)
                ? (WavSeconds(path), null)
                : (Probe(path), null);
        }
        catch (Exception e)
            when (e
                    is InvalidDataException
                        or IOException
                        or System.ComponentModel.Win32Exception
                        or FormatException
            )
        {
            return (0, e.Message);
        }
    }

    static double WavSeconds(string path)
    {
        using var f = File.OpenRead(path);
        Span<byte> head = stackalloc byte[12];
        if (
            f.Read(head) != 12
            || !head[..4].SequenceEqual("RIFF"u8)
            || !head[8..12].SequenceEqual("WAVE"u8)
        )
            throw new InvalidDataException("not a RIFF/WAVE file");
        var bytesPerSecond = 0;
        Span<byte> chunk = stackalloc byte[8];
        Span<byte> fmt = stackalloc byte[16];
        while (f.Read(chunk) == 8)
        {
            var size = BinaryPrimitives.ReadUInt32LittleEndian(chunk[4..]);
            if (chunk[..4].SequenceEqual("fmt "u8))
            {
                if (size < 16 || f.Read(fmt) != 16)
                    throw new InvalidDataException("truncated fmt chunk");
                bytesPerSecond = BinaryPrimitives.ReadInt32LittleEndian(fmt[8..]);
                f.Seek(size - 16 + (size & 1), SeekOrigin.Current);
            }
            else if (chunk[..4].SequenceEqual("data"u8))
            {
                if (bytesPerSecond <= 0)
                    throw new InvalidDataException("data chunk before a valid fmt chunk");
                var present = Math.Min(size, f.Length - f.Position);
                return present / (double)bytesPerSecond;
            }
            else
                f.Seek(size + (size & 1), SeekOrigin.Current);
        }
        throw new InvalidDataException("no data chunk");
    }

    static double Probe(string path)
    {
        var psi = new ProcessStartInfo("ffprobe")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (
            var a in new[]
            {
                "-v",
                "error",
                "-show_entries",
                "format=duration",
                "-of",
                "csv=p=0",
                path,
            }
        )
            psi.ArgumentList.Add(a);
        Process p;
        try
        {
            p = Process.Start(psi) ?? throw new IOException("ffprobe did not start");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new IOException(
                "ffprobe (part of ffmpeg) is needed to read the duration of non-WAV audio and is not on PATH"
            );
        }
        using (p)
        {
            var output = p.StandardOutput.ReadToEnd();
            var error = p.StandardError.ReadToEnd();
            p.WaitForExit();
            if (
                p.ExitCode != 0
                || !double.TryParse(
                    output.Trim(),
                    NumberStyles.Float,
                    CultureInfo.InvariantCulture,
                    out var seconds
                )
            )
                throw new InvalidDataException($"ffprobe cannot read it: {error.Trim()}");
            return seconds;
        }
    }
}
