using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using FilmScoreEmotion.IO;
using NAudio.Wave;

namespace FilmScoreEmotion.Audio;

/// <summary>Decodes any container and codec ffmpeg knows (FLAC, AAC, Opus, the audio track of a video, ...) by running
/// it as a child process that writes float32 mono at the target rate to its stdout, read here in chunks.</summary>
public static partial class Ffmpeg
{
    /// <summary>The environment variable that names the ffmpeg executable (a path, or a name looked up on PATH).</summary>
    public const string EnvironmentVariable = "FSE_FFMPEG";

    /// <summary>The executable to run: <paramref name="executable"/> when given, else <c>$FSE_FFMPEG</c>, else
    /// <c>ffmpeg</c>.</summary>
    public static string Executable(string? executable) =>
        executable ?? (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnvironment
            ? fromEnvironment
            : "ffmpeg");

    /// <summary>Streams <paramref name="path"/> decoded to mono float32 at <paramref name="sampleRate"/> Hz, in chunks
    /// of about <paramref name="chunkFrames"/> samples (the first also carries the samples that came with the header).
    /// ffmpeg resamples but keeps the channels (as a float WAV on its stdout) and the channels are averaged here, as for
    /// in-process decoding and librosa: ffmpeg's own mono downmix weights stereo channels by 1/√2, not 1/2. The checks
    /// that need no decoding (ffmpeg present) happen at the call; decoding errors surface while enumerating. Stopping
    /// the enumeration early ends ffmpeg.</summary>
    public static IEnumerable<float[]> DecodeChunks(string path, int sampleRate, int chunkFrames, string? executable = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunkFrames);
        var name = Executable(executable);
        var located = Executables.Locate(name) ?? throw new FileNotFoundException(
            $"{path}: decoding this file needs ffmpeg, and '{name}' was not found" +
            (name.Contains('/') ? "" : " on PATH") +
            $"; install ffmpeg (e.g. apt-get install ffmpeg) or set {EnvironmentVariable} to its path", name);
        return Run(located, path, sampleRate, chunkFrames);
    }

    private static IEnumerable<float[]> Run(string ffmpeg, string path, int sampleRate, int chunkFrames)
    {
        var psi = new ProcessStartInfo(ffmpeg)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // "file:" keeps ffmpeg from reading a name such as "http:..." or "pipe:1" as a protocol. Without the input's
        // metadata the WAV header stays within HeaderBytes, however long the tags.
        string[] args = ["-nostdin", "-v", "error", "-i", "file:" + Path.GetFullPath(path), "-vn", "-map_metadata", "-1",
            "-ar", $"{sampleRate}", "-c:a", "pcm_f32le", "-f", "wav", "-"];
        foreach (var arg in args)
            psi.ArgumentList.Add(arg);

        using var process = StartProcess(psi, path);
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.BaseStream;
        try
        {
            var prefix = new byte[HeaderBytes];
            var got = stdout.ReadAtLeast(prefix, prefix.Length, throwOnEndOfStream: false);
            int channels, dataOffset;
            try
            {
                (channels, dataOffset) = PipeHeader(prefix.AsMemory(0, got), path);
            }
            catch (InvalidDataException)
            {
                process.WaitForExit();
                if (process.ExitCode != 0)
                    throw Failure(path, process.ExitCode, stderr.Result);
                throw;
            }
            foreach (var chunk in Float32Frames(prefix[dataOffset..got], stdout, channels, chunkFrames))
                yield return Downmix.Mean(chunk, channels);
            process.WaitForExit();
            if (process.ExitCode != 0)
                throw Failure(path, process.ExitCode, stderr.Result);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }
        }
    }

    /// <summary>ffmpeg's WAV header on a pipe (RIFF, fmt, a LIST naming ffmpeg, data) is about 100 bytes once the
    /// input's metadata is dropped; this much of the stream always holds the data chunk's start.</summary>
    private const int HeaderBytes = 4096;

    /// <summary>Channels and the offset of the first sample in the first bytes ffmpeg wrote. On a pipe ffmpeg cannot
    /// seek back, so the RIFF and data sizes are 0xFFFFFFFF and the samples run to the end of the stream: NAudio reads
    /// the header from these bytes alone, and the samples are read from the pipe here.</summary>
    private static (int Channels, int DataOffset) PipeHeader(ReadOnlyMemory<byte> prefix, string path)
    {
        var header = new MemoryStream(prefix.ToArray(), writable: false);
        try
        {
            using var reader = new WaveFileReader(header);
            var format = reader.WaveFormat;
            if (format.BitsPerSample != 32 || format.Channels <= 0)
                throw new InvalidDataException(
                    $"{path}: ffmpeg wrote {format.BitsPerSample}-bit samples in {format.Channels} channels, 32-bit float was asked for");
            return (format.Channels, (int)header.Position);
        }
        catch (Exception e) when (e is FormatException or EndOfStreamException)
        {
            throw new InvalidDataException($"{path}: ffmpeg's output is not a WAV stream ({e.Message})", e);
        }
    }

    /// <summary>Interleaved float32 chunks <c>// (frames, channels)</c> of about <paramref name="chunkFrames"/>
    /// frames: <paramref name="first"/> (the samples that came with the header), then the rest of the stream. A
    /// partial last frame (ffmpeg killed mid-write) is dropped. Little-endian floats, as on every host fse runs on.</summary>
    private static IEnumerable<float[]> Float32Frames(byte[] first, Stream stream, int channels, int chunkFrames)
    {
        var frameBytes = channels * sizeof(float);
        var buffer = new byte[Math.Max(chunkFrames * frameBytes, first.Length + frameBytes)];
        first.CopyTo(buffer, 0);
        var pending = first.Length;
        while (true)
        {
            var got = pending + stream.ReadAtLeast(buffer.AsSpan(pending), buffer.Length - pending, throwOnEndOfStream: false);
            var whole = got / frameBytes * frameBytes;
            if (whole > 0)
                yield return MemoryMarshal.Cast<byte, float>(buffer.AsSpan(0, whole)).ToArray();
            if (got < buffer.Length)
                yield break;
            buffer.AsSpan(whole, got - whole).CopyTo(buffer);
            pending = got - whole;
        }
    }

    private static Process StartProcess(ProcessStartInfo psi, string path)
    {
        try
        {
            return Process.Start(psi) ?? throw new InvalidOperationException($"{path}: ffmpeg ({psi.FileName}) did not start");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"{path}: could not run ffmpeg ({psi.FileName}): {e.Message}", e);
        }
    }

    [GeneratedRegex(@"^\[[^\]]*@ 0x[0-9a-f]+\]\s*")]
    private static partial Regex LogPrefix();

    /// <summary>ffmpeg's own words, first and last line (the first usually says what failed, the last the
    /// consequence), without the "[mp3 @ 0x55...]" prefix that only makes messages differ from run to run.</summary>
    private static Exception Failure(string path, int exitCode, string stderr)
    {
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => LogPrefix().Replace(line, ""))
            .ToArray();
        if (lines.Any(line => line.Contains("does not contain any stream")))
            return new InvalidDataException($"{path}: no audio stream (ffmpeg found nothing to decode)");
        var said = lines.Length switch
        {
            0 => "no message",
            1 => lines[0],
            _ => $"{lines[0]} / {lines[^1]}",
        };
        return new InvalidDataException($"{path}: ffmpeg could not decode it (exit code {exitCode}): {said}");
    }
}
