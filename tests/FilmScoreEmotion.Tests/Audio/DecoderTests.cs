using System.Diagnostics;
using System.Numerics;
using FilmScoreEmotion.Audio;
using FilmScoreEmotion.IO;
using FilmScoreEmotion.Tests.Foundation;
using MathNet.Numerics.IntegralTransforms;

namespace FilmScoreEmotion.Tests.Audio;

/// <summary>Small compressed files made once with ffmpeg for the decoder tests.</summary>
public sealed class EncodedFiles : IDisposable
{
    public SharedFixtures.TempFolder Folder { get; } = new();

    public EncodedFiles()
    {
        // without ffmpeg nothing is made, and every test that asks for a file is skipped (fails under CI)
        if (SystemTools.Missing(SystemTools.Ffmpeg).Count > 0)
            return;
        // 2.5 s of 1 kHz at 44.1 kHz, in three codecs; a video with no audio; A-law in a WAV.
        Make("-f lavfi -i sine=f=1000:d=2.5:r=44100 -ac 1 -b:a 128k", "sine.mp3");
        Make("-f lavfi -i sine=f=1000:d=2.5:r=44100 -ac 1 -c:a libvorbis", "sine.ogg");
        Make("-f lavfi -i sine=f=1000:d=2.5:r=44100 -af pan=stereo|c0=c0|c1=c0", "sine.flac");
        Make("-f lavfi -i sine=f=1000:d=2.5:r=44100 -af pan=stereo|c0=c0|c1=c0 -c:a pcm_s16le", "sine.wav");
        Make("-f lavfi -i sine=f=1000:d=0.5:r=8000 -c:a pcm_alaw", "alaw.wav");
        Make("-f lavfi -i sine=f=1000:d=0.5:r=16000 -af pan=stereo|c0=c0|c1=0*c0", "left.flac");
        Make("-f lavfi -i testsrc=d=0.2:s=32x32", "silent.mp4");
        File.WriteAllText(Folder.File("notes.mp3"), "these are notes, not an MP3 file\n");
        File.WriteAllText(Folder.File("comment.txt"), ";FFMETADATA1\ncomment=" + new string('x', 20000) + "\n");
        Make($"-f lavfi -i sine=f=1000:d=0.5:r=16000 -i {Folder.File("comment.txt")} -map_metadata 1", "tagged.flac");
    }

    public string this[string name]
    {
        get
        {
            SystemTools.Require(SystemTools.Ffmpeg);
            return Folder.File(name);
        }
    }

    private void Make(string args, string name)
    {
        var psi = new ProcessStartInfo("ffmpeg", $"-nostdin -v error -y {args} {Folder.File(name)}") { RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"ffmpeg failed to make {name}: {err}");
    }

    public void Dispose() => Folder.Dispose();
}

public class DecoderTests(EncodedFiles files) : IClassFixture<EncodedFiles>
{
    /// <summary>Frequency of the largest DFT bin.</summary>
    private static double PeakHz(float[] x, int sampleRate)
    {
        var spectrum = x.Select(v => new Complex(v, 0)).ToArray();
        Fourier.Forward(spectrum, FourierOptions.Matlab);
        var peak = Enumerable.Range(1, x.Length / 2).MaxBy(i => spectrum[i].Magnitude);
        return peak * (double)sampleRate / x.Length;
    }

    [SkippableTheory]
    [InlineData("sine.mp3")]
    [InlineData("sine.ogg")]
    [InlineData("sine.flac")]
    [InlineData("sine.wav")]
    public void ASineDecodesToTheRightLengthAndFrequency(string name)
    {
        var y = Decoder.Decode(files[name]);
        Assert.InRange(y.Length, 40000 - 50, 40000 + 1200);
        Assert.InRange(PeakHz(y[..32000], 16000), 999.0, 1001.0);
        // lavfi's sine has amplitude 1/8; the stereo files hold it in both channels, so their mean is the same. MP3
        // and Vorbis move the peak by up to ~6 %.
        Assert.InRange(y.Max(), 0.11, 0.14);
    }

    [SkippableTheory]
    [InlineData("sine.mp3", 1000)]
    [InlineData("sine.ogg", 777)]
    [InlineData("sine.flac", 1000)]
    [InlineData("sine.wav", 999)]
    [InlineData("sine.wav", 40000)]
    public void ChunkedDecodingEqualsWholeDecoding(string name, int chunk)
    {
        var chunks = Decoder.DecodeChunks(files[name], 16000, chunk).ToList();
        Assert.All(chunks[..^1], c => Assert.Equal(chunk, c.Length));
        Assert.InRange(chunks[^1].Length, 1, chunk);
        Assert.Equal(Decoder.Decode(files[name]), chunks.SelectMany(c => c));
    }

    [SkippableFact]
    public void AWavIsDownmixedByTheMeanThenResampledInProcess()
    {
        var wav = WavReader.Read(files["sine.wav"]);
        var expected = Resample.ToRate(Downmix.Mean(wav.Samples, wav.Channels), 44100, 16000);
        Assert.Equal(expected, Decoder.Decode(files["sine.wav"]));
        Assert.Equal(Downmix.Mean(wav.Samples, 2), Decoder.Decode(files["sine.wav"], targetRate: 44100));
    }

    [SkippableFact]
    public void FfmpegAndTheInProcessPathAgree()
    {
        // Different resamplers (ffmpeg's swr and our polyphase filter) but the same mean downmix: the same sine, same
        // level, away from the edges.
        var viaFfmpeg = Decoder.Decode(files["sine.flac"]);
        var inProcess = Decoder.Decode(files["sine.wav"]);
        Assert.True(ResampleTests.RelativeError(viaFfmpeg.AsSpan(1000, 30000), inProcess.AsSpan(1000, 30000)) < 1e-2);
    }

    [SkippableFact]
    public void FfmpegOutputIsDownmixedByTheMeanToo()
    {
        // Sine in the left channel only: the mean halves it (ffmpeg's own -ac 1 would give 1/√2 of it).
        var y = Decoder.Decode(files["left.flac"]);
        Assert.Equal(8000, y.Length);
        Assert.InRange(y.Max(), 0.0624, 0.0626);
    }

    [SkippableFact]
    public void LongTagsDoNotHideTheSamplesFfmpegWrites()
    {
        // A 20-KB comment: ffmpeg would copy it into its WAV header, past the bytes the header is read from.
        var y = Decoder.Decode(files["tagged.flac"]);
        Assert.Equal(8000, y.Length);
        Assert.InRange(PeakHz(y, 16000), 998.0, 1002.0);
    }

    [SkippableFact]
    public void WavEncodingsTheReaderLacksGoThroughFfmpeg()
    {
        var y = Decoder.Decode(files["alaw.wav"], targetRate: 8000);
        Assert.Equal(4000, y.Length);
        Assert.InRange(PeakHz(y, 8000), 998.0, 1002.0);
    }

    [SkippableFact]
    public void AMissingFile()
    {
        var e = Assert.Throws<FileNotFoundException>(() => Decoder.DecodeChunks("/nonexistent/film.mp3"));
        Assert.Equal("/nonexistent/film.mp3: file does not exist", e.Message);
    }

    [SkippableFact]
    public void AZeroLengthFile()
    {
        var path = files.Folder.File("empty.mp3");
        File.WriteAllBytes(path, []);
        var e = Assert.Throws<InvalidDataException>(() => Decoder.DecodeChunks(path));
        Assert.Equal($"{path}: empty file (0 bytes), not audio", e.Message);
    }

    [SkippableFact]
    public void FfmpegMissing()
    {
        var path = files["sine.flac"];
        var e = Assert.Throws<FileNotFoundException>(() => Decoder.DecodeChunks(path, ffmpeg: "/nonexistent/bin/ffmpeg"));
        Assert.Equal($"{path}: decoding this file needs ffmpeg, and '/nonexistent/bin/ffmpeg' was not found; " +
                     "install ffmpeg (e.g. apt-get install ffmpeg) or set FSE_FFMPEG to its path", e.Message);
        var bare = Assert.Throws<FileNotFoundException>(() => Decoder.DecodeChunks(path, ffmpeg: "ffmpeg-not-installed"));
        Assert.Contains("'ffmpeg-not-installed' was not found on PATH; install ffmpeg", bare.Message);
    }

    [SkippableTheory]
    [InlineData("sine.wav")]
    [InlineData("sine.mp3")]
    [InlineData("sine.ogg")]
    public void WavMp3AndOggNeedNoFfmpeg(string name)
    {
        Assert.Equal(Decoder.Decode(files[name]), Decoder.Decode(files[name], ffmpeg: "/nonexistent/bin/ffmpeg"));
    }

    [SkippableFact]
    public void LocateSearchesTheGivenPath()
    {
        SystemTools.Require(SystemTools.Ffmpeg);
        Assert.Null(Executables.Locate("ffmpeg", "/nonexistent:/also/nonexistent"));
        var found = Executables.Locate("ffmpeg");
        Assert.NotNull(found);
        Assert.Equal(found, Executables.Locate("ffmpeg", Path.GetDirectoryName(found)));
    }

    [SkippableFact]
    public void FfmpegOnANonAudioFile()
    {
        var path = files["notes.mp3"];
        var e = Assert.Throws<InvalidDataException>(() => Decoder.Decode(path));
        Assert.StartsWith($"{path}: ffmpeg could not decode it (exit code 1): ", e.Message);
        Assert.DoesNotContain("@ 0x", e.Message);
    }

    [SkippableFact]
    public void AVideoWithoutAudio()
    {
        var path = files["silent.mp4"];
        var e = Assert.Throws<InvalidDataException>(() => Decoder.Decode(path));
        Assert.Equal($"{path}: no audio stream (ffmpeg found nothing to decode)", e.Message);
    }

    [SkippableFact]
    public void ATextFileNamedWavGetsTheWavReadersMessage()
    {
        var path = files.Folder.File("notes.wav");
        File.WriteAllText(path, "hello, this is not audio\n");
        var e = Assert.Throws<InvalidDataException>(() => Decoder.DecodeChunks(path));
        Assert.StartsWith($"{path}: not a RIFF/WAVE file", e.Message);
    }

    [SkippableFact]
    public void StoppingEarlyEndsFfmpeg()
    {
        var path = files["sine.flac"];
        var first = Decoder.DecodeChunks(path, 16000, 100).First();
        Assert.Equal(100, first.Length);
        Assert.Empty(ProcessesReading(path));
    }

    /// <summary>Processes whose command line names <paramref name="path"/> (Linux /proc), so other programs' ffmpeg
    /// runs on a shared machine do not count.</summary>
    private static IEnumerable<string> ProcessesReading(string path) =>
        Directory.GetDirectories("/proc")
            .Where(d => int.TryParse(Path.GetFileName(d), out _))
            .Select(d =>
            {
                try { return File.ReadAllText(Path.Combine(d, "cmdline")).Replace('\0', ' '); }
                catch (IOException) { return ""; }
                catch (UnauthorizedAccessException) { return ""; }
            })
            .Where(cmd => cmd.Contains(path));

    [SkippableFact]
    public void DownmixIsTheMeanOfTheChannels()
    {
        float[] stereo = [1f, 0f, -0.5f, 0.5f, 0.25f, 0.75f];
        Assert.Equal([0.5f, 0f, 0.5f], Downmix.Mean(stereo, 2));
        float[] three = [3f, 0f, 0f, 1f, 1f, 1f];
        Assert.Equal([1f, 1f], Downmix.Mean(three, 3));
        Assert.Throws<ArgumentException>(() => Downmix.Mean(three, 4));
    }
}
