using System.Buffers.Binary;
using System.Text;
using FilmScoreEmotion.Audio;
using FilmScoreEmotion.IO;

namespace FilmScoreEmotion.Tests.Audio;

public class WavReaderTests
{
    [Theory]
    [InlineData("pcm_u8_mono_8000", 8000, 1)]
    [InlineData("pcm16_mono_44100", 44100, 1)]
    [InlineData("pcm24_stereo_44100", 44100, 2)]
    [InlineData("pcm32_stereo_48000", 48000, 2)]
    [InlineData("float32_mono_16000", 16000, 1)]
    public void SamplesAreBitIdenticalToLibsndfile(string name, int sampleRate, int channels)
    {
        var wav = WavReader.Read(SharedFixtures.Path($"wav/{name}.wav"));
        var expected = Npy.Read(SharedFixtures.Path($"wav/{name}.expected.npy"));
        Assert.Equal(sampleRate, wav.SampleRate);
        Assert.Equal(channels, wav.Channels);
        Assert.Equal(expected.Shape, new[] { (int)wav.Frames, wav.Channels });
        Assert.Equal(expected.Data, wav.Samples);
    }

    [Fact]
    public void ChunkedReadingEqualsWholeReading()
    {
        var path = SharedFixtures.Path("wav/pcm24_stereo_44100.wav");
        var format = WavReader.ReadFormat(path);
        var chunks = WavReader.ReadChunks(format, 1000).ToList();
        Assert.Equal([2000, 2000, 2000, 2000, 820], chunks.Select(c => c.Length));
        Assert.Equal(WavReader.Read(path).Samples, chunks.SelectMany(c => c));
    }

    [Fact]
    public void PackedFloatsReadWholeEqualTheChunkedConversion()
    {
        using var dir = new SharedFixtures.TempFolder();
        var values = Enumerable.Range(0, 3001).Select(i => MathF.Sin(i * 0.37f) * 0.9f).ToArray();
        var bytes = values.SelectMany(BitConverter.GetBytes).ToArray();
        foreach (var (name, fmt, data) in new[]
        {
            ("mono.wav", Fmt(3, 1, 16000, 32), bytes),
            ("stereo.wav", Fmt(3, 2, 44100, 32), bytes[..^4]),
        })
        {
            var path = dir.File(name);
            File.WriteAllBytes(path, WavBytes(fmt, data));
            var format = WavReader.ReadFormat(path);
            Assert.Equal(WavReader.ReadChunks(format, 1000).SelectMany(c => c), WavReader.ReadSamples(format));
        }
        Assert.Equal(values, WavReader.Read(dir.File("mono.wav")).Samples);
    }

    [Fact]
    public void ExtensibleFloat64WithUnknownChunksAndOddPadding()
    {
        using var dir = new SharedFixtures.TempFolder();
        var path = dir.File("ext.wav");
        double[] values = [0.5, -0.25, 1.0, -1.0, 0.125, 3e-8];
        var data = values.SelectMany(BitConverter.GetBytes).ToArray();
        File.WriteAllBytes(path, WavBytes(Fmt(0xFFFE, 3, 48000, 64, extensibleTag: 3), data, junkBefore: true));
        var wav = WavReader.Read(path);
        Assert.Equal(3, wav.Channels);
        Assert.Equal(48000, wav.SampleRate);
        Assert.Equal(values.Select(v => (float)v), wav.Samples);
    }

    [Fact]
    public void ExtensiblePcm16ReadsLikePlainPcm16()
    {
        using var dir = new SharedFixtures.TempFolder();
        short[] values = [0, 1, -1, short.MaxValue, short.MinValue, 1234];
        var data = values.SelectMany(v => BitConverter.GetBytes(v)).ToArray();
        File.WriteAllBytes(dir.File("a.wav"), WavBytes(Fmt(0xFFFE, 2, 22050, 16, extensibleTag: 1), data));
        File.WriteAllBytes(dir.File("b.wav"), WavBytes(Fmt(1, 2, 22050, 16), data));
        var a = WavReader.Read(dir.File("a.wav"));
        Assert.Equal(values.Select(v => v / 32768f), a.Samples);
        Assert.Equal(WavReader.Read(dir.File("b.wav")).Samples, a.Samples);
        Assert.Equal(3, a.Frames);
    }

    [Fact]
    public void APartialLastFrameIsIgnored()
    {
        using var dir = new SharedFixtures.TempFolder();
        var path = dir.File("odd.wav");
        File.WriteAllBytes(path, WavBytes(Fmt(1, 2, 8000, 16), new byte[4 * 5 + 2]));
        Assert.Equal(5, WavReader.Read(path).Frames);
    }

    [Fact]
    public void AnUnknownDataSizeMeansToTheEndOfTheFile()
    {
        using var dir = new SharedFixtures.TempFolder();
        var path = dir.File("stream.wav");
        var bytes = WavBytes(Fmt(1, 1, 8000, 16), new byte[200]);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(bytes.Length - 200 - 4), 0xFFFFFFFF);
        File.WriteAllBytes(path, bytes);
        Assert.Equal(100, WavReader.Read(path).Frames);
    }

    [Fact]
    public void TruncatedDataChunk()
    {
        using var dir = new SharedFixtures.TempFolder();
        var path = dir.File("trunc.wav");
        var full = WavBytes(Fmt(1, 1, 16000, 16), new byte[32000]);
        File.WriteAllBytes(path, full[..(full.Length - 30800)]);
        var e = Assert.Throws<InvalidDataException>(() => WavReader.Read(path));
        Assert.Equal($"{path}: truncated WAV: data chunk says 32000 bytes, 1200 present", e.Message);
    }

    [Fact]
    public void TruncatedInsideTheFmtChunk()
    {
        using var dir = new SharedFixtures.TempFolder();
        var path = dir.File("short.wav");
        File.WriteAllBytes(path, WavBytes(Fmt(1, 1, 16000, 16), new byte[10])[..30]);
        var e = Assert.Throws<InvalidDataException>(() => WavReader.Read(path));
        Assert.StartsWith($"{path}: truncated or malformed fmt chunk", e.Message);
    }

    [Fact]
    public void ATextFileNamedWav()
    {
        using var dir = new SharedFixtures.TempFolder();
        var path = dir.File("notes.wav");
        File.WriteAllText(path, "hello, this is not audio\n");
        var e = Assert.Throws<InvalidDataException>(() => WavReader.Read(path));
        Assert.Equal($"{path}: not a RIFF/WAVE file (it starts with 'hell', 25 bytes in all)", e.Message);
    }

    [Fact]
    public void AZeroLengthFile()
    {
        using var dir = new SharedFixtures.TempFolder();
        var path = dir.File("empty.wav");
        File.WriteAllBytes(path, []);
        var e = Assert.Throws<InvalidDataException>(() => WavReader.Read(path));
        Assert.Equal($"{path}: empty file (0 bytes), not a WAV file", e.Message);
    }

    [Fact]
    public void ASampleRateOfZero()
    {
        using var dir = new SharedFixtures.TempFolder();
        var path = dir.File("rate0.wav");
        File.WriteAllBytes(path, WavBytes(Fmt(1, 1, 0, 16), new byte[100]));
        var e = Assert.Throws<InvalidDataException>(() => WavReader.Read(path));
        Assert.Equal($"{path}: WAV fmt chunk gives a sample rate of 0 Hz", e.Message);
    }

    [Fact]
    public void ZeroChannelsAndBadBlockAligns()
    {
        using var dir = new SharedFixtures.TempFolder();
        var path = dir.File("bad.wav");
        var fmt = Fmt(1, 0, 16000, 16);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(12), 2);
        File.WriteAllBytes(path, WavBytes(fmt, new byte[100]));
        var e = Assert.Throws<InvalidDataException>(() => WavReader.Read(path));
        Assert.Equal($"{path}: WAV fmt chunk gives 0 channels", e.Message);

        fmt = Fmt(1, 2, 16000, 16);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(12), 2);
        File.WriteAllBytes(path, WavBytes(fmt, new byte[100]));
        e = Assert.Throws<InvalidDataException>(() => WavReader.Read(path));
        Assert.Equal($"{path}: WAV block align 2 is smaller than 2 channels x 2 bytes", e.Message);

        // NAudio refuses a block align of 0 itself; its words come after the file's name.
        File.WriteAllBytes(path, WavBytes(Fmt(1, 0, 16000, 16), new byte[100]));
        e = Assert.Throws<InvalidDataException>(() => WavReader.Read(path));
        Assert.Equal($"{path}: truncated or malformed fmt chunk (Invalid WAV file - block align is 0.)", e.Message);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void NonFiniteFloatSamples(float bad)
    {
        using var dir = new SharedFixtures.TempFolder();
        var path = dir.File("nan.wav");
        float[] values = [0.1f, 0.2f, 0.3f, bad, 0.5f];
        File.WriteAllBytes(path, WavBytes(Fmt(3, 1, 16000, 32), values.SelectMany(BitConverter.GetBytes).ToArray()));
        var e = Assert.Throws<InvalidDataException>(() => WavReader.Read(path));
        Assert.StartsWith($"{path}: WAV holds a non-finite sample (", e.Message);
        Assert.EndsWith("at frame 3, channel 0", e.Message);
    }

    [Fact]
    public void NoDataChunk()
    {
        using var dir = new SharedFixtures.TempFolder();
        var path = dir.File("nodata.wav");
        var fmt = Fmt(1, 1, 16000, 16);
        var body = Encoding.ASCII.GetBytes("WAVE").Concat(Chunk("fmt ", fmt)).Concat(Chunk("LIST", new byte[5])).ToArray();
        File.WriteAllBytes(path, Chunk("RIFF", body));
        var e = Assert.Throws<InvalidDataException>(() => WavReader.Read(path));
        Assert.Equal($"{path}: WAV file has no data chunk", e.Message);
    }

    [Fact]
    public void UnsupportedEncodingsAreASeparateErrorSoTheDecoderCanFallBack()
    {
        using var dir = new SharedFixtures.TempFolder();
        var path = dir.File("alaw.wav");
        File.WriteAllBytes(path, WavBytes(Fmt(6, 1, 8000, 8), new byte[10]));
        var e = Assert.Throws<WavFormatNotSupportedException>(() => WavReader.Read(path));
        Assert.Equal($"{path}: unsupported WAV sample format (format tag 6, 8 bits per sample)", e.Message);
    }

    [Fact]
    public void AMissingFile()
    {
        var e = Assert.Throws<FileNotFoundException>(() => WavReader.Read("/nonexistent/x.wav"));
        Assert.Equal("/nonexistent/x.wav: file does not exist", e.Message);
    }

    /// <summary>A fmt chunk body: 16 bytes, or 40 for WAVE_FORMAT_EXTENSIBLE with the given sub-format tag.</summary>
    internal static byte[] Fmt(ushort tag, ushort channels, uint rate, ushort bits, ushort? extensibleTag = null)
    {
        var fmt = new byte[extensibleTag is null ? 16 : 40];
        var blockAlign = (ushort)(channels * bits / 8);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt, tag);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(2), channels);
        BinaryPrimitives.WriteUInt32LittleEndian(fmt.AsSpan(4), rate);
        BinaryPrimitives.WriteUInt32LittleEndian(fmt.AsSpan(8), rate * blockAlign);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(12), blockAlign);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(14), bits);
        if (extensibleTag is { } sub)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(16), 22);
            BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(18), bits);
            BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(24), sub);
            new byte[] { 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71 }.CopyTo(fmt, 26);
        }
        return fmt;
    }

    internal static byte[] WavBytes(byte[] fmt, byte[] data, bool junkBefore = false)
    {
        var body = Encoding.ASCII.GetBytes("WAVE")
            .Concat(junkBefore ? Chunk("junk", [1, 2, 3]) : [])
            .Concat(Chunk("fmt ", fmt))
            .Concat(junkBefore ? Chunk("LIST", [7]) : [])
            .Concat(Chunk("data", data))
            .ToArray();
        return Chunk("RIFF", body);
    }

    /// <summary>A chunk with its pad byte when the size is odd (the padding is never counted in the size).</summary>
    internal static byte[] Chunk(string id, byte[] body) =>
        Encoding.ASCII.GetBytes(id)
            .Concat(BitConverter.GetBytes((uint)body.Length))
            .Concat(body)
            .Concat(body.Length % 2 == 1 && id != "data" ? new byte[1] : [])
            .ToArray();
}
