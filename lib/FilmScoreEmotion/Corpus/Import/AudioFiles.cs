using System.Diagnostics;
using System.Globalization;
using FilmScoreEmotion.Audio;

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
    /// Duration in seconds, read by the decoder <see cref="AudioContainers"/> picks for the file: WAV from its header
    /// (NAudio), MP3 from the LAME tag or the frame headers (NLayer), Ogg Vorbis from its last granule position
    /// (NVorbis), anything else from ffprobe. Returns an error message instead of throwing, so the caller can list it
    /// with the others.
    /// </summary>
    public static (double Seconds, string? Error) Duration(string path)
    {
        try
        {
            return (AudioContainers.Detect(path) switch
            {
                AudioContainer.Wav => WavSeconds(path),
                AudioContainer.Mp3 when !Mp3Decoder.Joined(path) => Seconds(Mp3Decoder.Length(path)),
                AudioContainer.OggVorbis => Seconds(VorbisDecoder.Length(path)),
                _ => Probe(path),
            }, null);
        }
        catch (Exception e)
            when (e
                    is InvalidDataException
                        or IOException
                        or System.ComponentModel.Win32Exception
                        or FormatException
            )
        {
            // The importers list each problem under its file already.
            var prefix = path + ": ";
            return (0, e.Message.StartsWith(prefix, StringComparison.Ordinal) ? e.Message[prefix.Length..] : e.Message);
        }
    }

    static double Seconds((long Frames, int SampleRate) length) => (double)length.Frames / length.SampleRate;

    /// <summary>WAV encodings NAudio does not decode (A-law, ADPCM, ...) are timed by ffprobe, as they are decoded by
    /// ffmpeg.</summary>
    static double WavSeconds(string path)
    {
        try
        {
            return WavReader.ReadFormat(path).Seconds;
        }
        catch (WavFormatNotSupportedException)
        {
            return Probe(path);
        }
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
