using FilmScoreEmotion.Audio;
using FilmScoreEmotion.IO;
using FilmScoreEmotion.Tests.Foundation;

namespace FilmScoreEmotion.Tests.Audio;

/// <summary>MP3 through NLayer and Ogg Vorbis through NVorbis against ffmpeg's decode of the same files, stored as the
/// first and last 2,048 frames in <c>fixtures/</c> (made as its README says), so no ffmpeg is needed here.</summary>
public class CompressedDecodingTests
{
    public static string Fixture(string name) =>
        Path.Combine(ReproduceScriptTests.RepoRoot(), "tests", "FilmScoreEmotion.Tests", "Audio", "fixtures", name);

    public static PcmStream Open(string path, int chunkFrames) =>
        path.EndsWith(".ogg") ? VorbisDecoder.Open(path, chunkFrames) : Mp3Decoder.Open(path, chunkFrames);

    /// <summary>10 log10(signal energy / error energy) of <paramref name="actual"/> against <paramref name="reference"/>.</summary>
    public static double SnrDb(ReadOnlySpan<float> reference, ReadOnlySpan<float> actual)
    {
        double signal = 0, error = 0;
        for (var i = 0; i < reference.Length; i++)
        {
            signal += (double)reference[i] * reference[i];
            var d = (double)reference[i] - actual[i];
            error += d * d;
        }
        return 10 * Math.Log10(signal / error);
    }

    [Theory]
    [InlineData("chord.mp3", 44100, 2, 88200)]
    [InlineData("chord-vbr-22k.mp3", 22050, 1, 33075)]
    [InlineData("chord.ogg", 44100, 2, 88200)]
    public void SamplesAlignWithFfmpegsDecodeAtBothEnds(string name, int sampleRate, int channels, int frames)
    {
        var pcm = Open(Fixture(name), 1000);
        var samples = pcm.Chunks.SelectMany(c => c).ToArray();
        Assert.Equal((sampleRate, channels, frames), (pcm.SampleRate, pcm.Channels, samples.Length / channels));
        var head = Npy.Read(Fixture(name + ".head.npy")).Data;
        var tail = Npy.Read(Fixture(name + ".tail.npy")).Data;
        // Lossy decoders differ in float rounding only: at least 90 dB (measured 118-131 dB). One frame early or late
        // drops below 40 dB, so this pins the alignment to the sample.
        Assert.True(SnrDb(head, samples.AsSpan(0, head.Length)) >= 90);
        Assert.True(SnrDb(tail, samples.AsSpan(samples.Length - tail.Length)) >= 90);
        Assert.True(SnrDb(head.AsSpan(channels), samples.AsSpan(0, head.Length - channels)) < 40);
        Assert.True(SnrDb(head.AsSpan(0, head.Length - channels), samples.AsSpan(channels, head.Length - channels)) < 40);
    }

    [Theory]
    [InlineData("chord.mp3", 88200, 44100)]
    [InlineData("chord-vbr-22k.mp3", 33075, 22050)]
    [InlineData("chord.ogg", 88200, 44100)]
    public void LengthWithoutDecodingIsFfmpegs(string name, long frames, int sampleRate)
    {
        var path = Fixture(name);
        Assert.Equal((frames, sampleRate), name.EndsWith(".ogg") ? VorbisDecoder.Length(path) : Mp3Decoder.Length(path));
    }

    [Fact]
    public void TheLameTagOfACbrAndAVbrFile()
    {
        // ffmpeg wrote both tags (encoder field "Lavc"); LAME's default delay is 576 samples.
        Assert.Equal(new Mp3Gapless(1152, 78, true, 576, 1080, false), Gapless(Fixture("chord.mp3")));
        var vbr = Gapless(Fixture("chord-vbr-22k.mp3"))!;
        Assert.Equal((576, 60L, 576), (vbr.SamplesPerFrame, vbr.Frames!.Value, vbr.Delay));
        Assert.Equal(33075, vbr.Keep);
    }

    private static Mp3Gapless? Gapless(string path)
    {
        var (head, remaining) = Id3v2.AfterTag(path, 4096);
        return Mp3Gapless.Parse(head, remaining);
    }

    [Fact]
    public void TwoMp3sJoinedByteForByteAreTold()
    {
        // cat a.mp3 a.mp3: the first Info tag counts 78 frames in 33,017 bytes, the file holds twice that. ffmpeg then
        // ignores the frame count ("invalid concatenated file detected") and decodes to the end.
        using var dir = new SharedFixtures.TempFolder();
        var path = dir.File("twice.mp3");
        var once = File.ReadAllBytes(Fixture("chord.mp3"));
        File.WriteAllBytes(path, [.. once, .. once]);
        var gapless = Gapless(path)!;
        Assert.Equal((78L, 576, 1080, true), (gapless.Frames, gapless.Delay, gapless.Padding, gapless.Joined));
        Assert.Null(gapless.Keep);
        // NLayer itself stops after the frames the first tag counts, so the decoder leaves such files to ffmpeg.
        Assert.True(Mp3Decoder.Joined(path));
        Assert.False(Mp3Decoder.Joined(Fixture("chord.mp3")));
    }

    [Fact]
    public void ChunksAreWholeFramesOfAtMostTheAskedSize()
    {
        var chunks = Open(Fixture("chord.mp3"), 1000).Chunks.ToList();
        Assert.All(chunks, c => Assert.InRange(c.Length, 2, 2000));
        Assert.All(chunks, c => Assert.Equal(0, c.Length % 2));
    }

    [Fact]
    public void TheDecoderDownmixesAndResamplesThemInProcess()
    {
        var pcm = Open(Fixture("chord.ogg"), 4096);
        var expected = Resample.ToRate(Downmix.Mean(pcm.Chunks.SelectMany(c => c).ToArray(), 2), 44100, 16000);
        Assert.Equal(expected, Decoder.Decode(Fixture("chord.ogg"), 16000, ffmpeg: "/nonexistent/bin/ffmpeg"));
    }

    [Fact]
    public void ATruncatedMp3DecodesWhatIsThere()
    {
        using var dir = new SharedFixtures.TempFolder();
        var path = dir.File("cut.mp3");
        File.WriteAllBytes(path, File.ReadAllBytes(Fixture("chord.mp3"))[..1000]);
        var samples = Open(path, 4096).Chunks.SelectMany(c => c).ToArray();
        // Two whole frames after the tag frame, less the 1,105 samples of delay: NLayer stops at the cut, and ffmpeg
        // gives the same 1,199 frames.
        Assert.Equal(2 * 1152 - 1105, samples.Length / 2);
    }

    [Fact]
    public void AnMp3WithGarbageAfterItsFirstFrameHeader()
    {
        using var dir = new SharedFixtures.TempFolder();
        var path = dir.File("noise.mp3");
        File.WriteAllBytes(path, [0xFF, 0xFB, 0x90, 0x00, .. new byte[3000]]);
        Assert.Equal(AudioContainer.Mp3, AudioContainers.Detect(path));
        var e = Assert.Throws<InvalidDataException>(() => Decoder.Decode(path));
        Assert.Equal($"{path}: NLayer (MP3) could not decode it: Not a valid MPEG file!", e.Message);
    }

    /// <summary>chord.ogg with its last page's granule position set 64 frames past the page before: the end trim then
    /// reaches back past samples NVorbis has already given out, and NVorbis 0.10.5 spun forever in ReadSamples (its
    /// issue #40; an Ogg stream-copied by ffmpeg from one with irregular timestamps hung `fse caption` so). Reading
    /// stops at the granule position instead. ffmpeg ignores so inconsistent an end and gives all 88,640 frames.</summary>
    [Fact]
    public async Task AnEndTrimReachingIntoEarlierPagesEndsAtTheGranulePosition()
    {
        using var dir = new SharedFixtures.TempFolder();
        var path = dir.File("trimmed.ogg");
        var bytes = File.ReadAllBytes(Fixture("chord.ogg"));
        var pages = Enumerable.Range(0, bytes.Length - 3).Where(i => bytes.AsSpan(i, 4).SequenceEqual("OggS"u8)).ToList();
        var last = pages[^1];
        var granule = BitConverter.ToInt64(bytes, pages[^2] + 6) + 64;
        BitConverter.TryWriteBytes(bytes.AsSpan(last + 6, 8), granule);
        BitConverter.TryWriteBytes(bytes.AsSpan(last + 22, 4), 0u);
        BitConverter.TryWriteBytes(bytes.AsSpan(last + 22, 4), OggCrc(bytes.AsSpan(last)));
        File.WriteAllBytes(path, bytes);

        var decode = Task.Run(() => Open(path, 4096).Chunks.Sum(c => (long)c.Length) / 2);
        Assert.Same(decode, await Task.WhenAny(decode, Task.Delay(TimeSpan.FromSeconds(60))));
        Assert.Equal(44672, granule);
        Assert.Equal(granule, await decode);
    }

    /// <summary>The Ogg page checksum: CRC-32, polynomial 0x04C11DB7, not reflected, initial value 0.</summary>
    static uint OggCrc(ReadOnlySpan<byte> page)
    {
        var crc = 0u;
        foreach (var b in page)
        {
            crc ^= (uint)b << 24;
            for (var bit = 0; bit < 8; bit++)
                crc = (crc & 0x80000000) != 0 ? (crc << 1) ^ 0x04C11DB7 : crc << 1;
        }
        return crc;
    }

    [Fact]
    public void ATruncatedOggVorbisHeader()
    {
        using var dir = new SharedFixtures.TempFolder();
        var path = dir.File("cut.ogg");
        File.WriteAllBytes(path, File.ReadAllBytes(Fixture("chord.ogg"))[..200]);
        Assert.Equal(AudioContainer.OggVorbis, AudioContainers.Detect(path));
        var e = Assert.Throws<InvalidDataException>(() => Decoder.Decode(path));
        Assert.StartsWith($"{path}: NVorbis (Ogg Vorbis) could not decode it: ", e.Message);
    }

    [Theory]
    [InlineData("chord.mp3", ".dat", AudioContainer.Mp3)]
    [InlineData("chord-vbr-22k.mp3", ".wav", AudioContainer.Mp3)]
    [InlineData("chord.ogg", ".mp3", AudioContainer.OggVorbis)]
    public void TheContentNotTheNamePicksTheDecoder(string name, string extension, AudioContainer expected)
    {
        using var dir = new SharedFixtures.TempFolder();
        var path = dir.File("renamed" + extension);
        File.Copy(Fixture(name), path);
        Assert.Equal(expected, AudioContainers.Detect(path));
    }

    public static TheoryData<byte[], string, AudioContainer> Heads => new()
    {
        { [.. "RIFF\0\0\0\0WAVEfmt "u8], ".bin", AudioContainer.Wav },
        { [.. "RF64\0\0\0\0WAVEds64"u8], ".wav", AudioContainer.Wav },
        { [0xFF, 0xFB, 0x90, 0x00, 0, 0, 0, 0, 0, 0, 0, 0], ".bin", AudioContainer.Mp3 },
        // AAC in ADTS shares the 12-bit sync but has layer 0; MPEG Layer II goes to ffmpeg.
        { [0xFF, 0xF1, 0x50, 0x80, 0, 0, 0, 0, 0, 0, 0, 0], ".mp3", AudioContainer.Other },
        { [0xFF, 0xFD, 0x90, 0x00, 0, 0, 0, 0, 0, 0, 0, 0], ".mp3", AudioContainer.Other },
        { [.. "OggS"u8, .. new byte[22], 1, 30, 1, .. "vorbis"u8], ".ogg", AudioContainer.OggVorbis },
        { [.. "OggS"u8, .. new byte[22], 1, 19, .. "OpusHead"u8], ".ogg", AudioContainer.Other },
        { [.. "fLaC\0\0\0\"\0\0\0\0"u8], ".wav", AudioContainer.Other },
        { [.. "hello, this is not audio"u8], ".wav", AudioContainer.Wav },
        { [.. "hello, this is not audio"u8], ".mp3", AudioContainer.Other },
        { [.. "RIF"u8], ".wav", AudioContainer.Wav },
    };

    [Theory]
    [MemberData(nameof(Heads))]
    public void Sniffing(byte[] head, string extension, AudioContainer expected) =>
        Assert.Equal(expected, AudioContainers.Detect(head, [], extension));

    [Fact]
    public void Id3v2IsSkippedToTheFrameBehindIt()
    {
        byte[] tag = [.. "ID3"u8, 4, 0, 0, 0, 0, 0, 2];
        Assert.Equal(12, Id3v2.Size(tag));
        Assert.Equal(AudioContainer.Mp3, AudioContainers.Detect(tag, [0xFF, 0xFB, 0x90, 0x00], ".bin"));
        Assert.Equal(AudioContainer.Other, AudioContainers.Detect(tag, [.. "fLaC"u8], ".mp3"));
    }
}
