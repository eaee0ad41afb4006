using System.Buffers.Binary;
using System.Text;

namespace FilmScoreEmotion.Audio;

/// <summary>How one sample is stored in a WAV data chunk.</summary>
public enum WavEncoding
{
    PcmU8,
    Pcm16,
    Pcm24,
    Pcm32,
    Float32,
    Float64,
}

/// <summary>What a WAV header says: enough to stream the data chunk without reading the header again.</summary>
/// <param name="DataOffset">Byte offset of the first sample in the file.</param>
/// <param name="Frames">Whole frames (one sample per channel) in the data chunk, a partial last frame ignored as
/// libsndfile does; -1 when a stream's header leaves the data size open (ffmpeg writing to a pipe).</param>
public sealed record WavFormat(string Path, int SampleRate, int Channels, WavEncoding Encoding, int BlockAlign, long DataOffset, long Frames)
{
    public int BytesPerSample => Encoding switch
    {
        WavEncoding.PcmU8 => 1,
        WavEncoding.Pcm16 => 2,
        WavEncoding.Pcm24 => 3,
        WavEncoding.Pcm32 or WavEncoding.Float32 => 4,
        _ => 8,
    };

    /// <summary>Duration; unknown (negative) for a stream whose data runs to its end.</summary>
    public double Seconds => (double)Frames / SampleRate;
}

/// <summary>A decoded WAV file.</summary>
/// <param name="Samples">Interleaved float32 samples, frame after frame: <c>// (frames, channels)</c>, the layout of
/// the file itself and of libsndfile's <c>sf_read_float</c>.</param>
public sealed record WavAudio(int SampleRate, int Channels, float[] Samples)
{
    public long Frames => Samples.Length / Channels;
}

/// <summary>Thrown for a well-formed WAV whose sample format this reader does not decode (ADPCM, A-law, RF64, ...);
/// the decoder hands such files to ffmpeg instead.</summary>
public sealed class WavFormatNotSupportedException(string message) : NotSupportedException(message);

/// <summary>Reads RIFF/WAVE files in-process: PCM 8 (unsigned), 16, 24 and 32 bit, IEEE float 32 and 64 bit, plain or
/// WAVE_FORMAT_EXTENSIBLE, any channel count. Integer samples scale to [-1, 1) exactly as libsndfile does (divide by
/// 2^(bits-1), 8-bit after subtracting 128), so the floats are bit-identical to <c>soundfile.read(dtype='float32')</c>.</summary>
public static class WavReader
{
    private const ushort FormatPcm = 1;
    private const ushort FormatFloat = 3;
    private const ushort FormatExtensible = 0xFFFE;

    // The sub-format GUIDs of WAVE_FORMAT_EXTENSIBLE all end in these 14 bytes; the first two hold the format tag.
    private static readonly byte[] GuidTail = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];

    /// <summary>Some streaming writers cannot seek back to fill in the data size and leave it at this value; it then
    /// means "to the end of the file".</summary>
    private const uint UnknownSize = 0xFFFFFFFF;

    public static WavAudio Read(string path)
    {
        var format = ReadFormat(path);
        var samples = new float[checked(format.Frames * format.Channels)];
        var at = 0;
        foreach (var chunk in ReadChunks(format, 1 << 16))
        {
            chunk.CopyTo(samples, at);
            at += chunk.Length;
        }
        return new WavAudio(format.SampleRate, format.Channels, samples);
    }

    /// <summary>Parses and validates the header, so that every structural problem is reported before any sample is
    /// produced.</summary>
    public static WavFormat ReadFormat(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: file does not exist", path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        if (stream.Length == 0)
            throw new InvalidDataException($"{path}: empty file (0 bytes), not a WAV file");
        return ReadFormat(stream, path);
    }

    /// <summary>Reads the header from the current position of <paramref name="stream"/> and leaves the stream at the
    /// first sample. A seekable stream (a file) is searched in full and its data size checked against its length; an
    /// unseekable one (a pipe) is read front to back, needs the fmt chunk before the data chunk, and gets
    /// <see cref="WavFormat.Frames"/> = -1: its data runs to the end of the stream.</summary>
    public static WavFormat ReadFormat(Stream stream, string path)
    {
        var length = stream.CanSeek ? stream.Length : (long?)null;
        var lengthText = length is { } l ? $", {l} bytes in all" : "";
        Span<byte> head = stackalloc byte[12];
        var got = stream.ReadAtLeast(head, 12, throwOnEndOfStream: false);
        var riff = Encoding.Latin1.GetString(head[..Math.Min(4, got)]);
        if (got >= 12 && riff is "RIFX" or "RF64" && Encoding.Latin1.GetString(head[8..12]) == "WAVE")
            throw new WavFormatNotSupportedException($"{path}: {riff} WAV files are not read in-process");
        if (got < 12 || riff != "RIFF" || Encoding.Latin1.GetString(head[8..12]) != "WAVE")
            throw new InvalidDataException(
                $"{path}: not a RIFF/WAVE file (it starts with {Printable(head[..got])}{lengthText})");

        (ushort Tag, int Channels, int Rate, int BlockAlign, int Bits)? fmt = null;
        (long Offset, long Size)? data = null;
        Span<byte> chunkHead = stackalloc byte[8];
        var position = 12L;
        while (length is null || position + 8 <= length)
        {
            if (stream.CanSeek)
                stream.Position = position;
            if (stream.ReadAtLeast(chunkHead, 8, throwOnEndOfStream: false) < 8)
                break;
            var id = Encoding.Latin1.GetString(chunkHead[..4]);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(chunkHead[4..]);
            var body = position + 8;
            if (id == "data")
            {
                var present = length - body;
                if (size == UnknownSize)
                    size = present is { } p ? (uint)Math.Min(p, uint.MaxValue - 1) : UnknownSize;
                else if (size > present)
                    throw new InvalidDataException(
                        $"{path}: truncated WAV: data chunk says {size} bytes, {present} present");
                data = (body, size);
                if (fmt is not null || length is null)
                    break;
            }
            else if (id == "fmt ")
            {
                if (size < 16 || body + size > length)
                    throw new InvalidDataException($"{path}: truncated or malformed fmt chunk ({size} bytes)");
                var bytes = new byte[size];
                if (stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false) < bytes.Length)
                    throw new InvalidDataException($"{path}: truncated WAV inside the fmt chunk");
                fmt = ParseFmt(bytes, path);
                if (data is not null)
                    break;
            }
            var next = body + size + (size & 1);
            if (!stream.CanSeek && id != "fmt ")
                Skip(stream, next - body);
            else if (!stream.CanSeek)
                Skip(stream, size & 1);
            position = next;
        }

        if (fmt is not { } f)
            throw new InvalidDataException($"{path}: WAV file has no fmt chunk" + (data is null ? "" : " before its data chunk"));
        if (data is not { } d)
            throw new InvalidDataException($"{path}: WAV file has no data chunk");
        if (f.Channels <= 0)
            throw new InvalidDataException($"{path}: WAV fmt chunk gives {f.Channels} channels");
        if (f.Rate is <= 0 or > 1_536_000)
            throw new InvalidDataException($"{path}: WAV fmt chunk gives a sample rate of {f.Rate} Hz");
        var encoding = (f.Tag, f.Bits) switch
        {
            (FormatPcm, 8) => WavEncoding.PcmU8,
            (FormatPcm, 16) => WavEncoding.Pcm16,
            (FormatPcm, 24) => WavEncoding.Pcm24,
            (FormatPcm, 32) => WavEncoding.Pcm32,
            (FormatFloat, 32) => WavEncoding.Float32,
            (FormatFloat, 64) => WavEncoding.Float64,
            _ => throw new WavFormatNotSupportedException(
                $"{path}: unsupported WAV sample format (format tag {f.Tag}, {f.Bits} bits per sample)"),
        };
        var bytesPerFrame = f.Channels * (f.Bits / 8);
        if (f.BlockAlign < bytesPerFrame)
            throw new InvalidDataException(
                $"{path}: WAV block align {f.BlockAlign} is smaller than {f.Channels} channels x {f.Bits / 8} bytes");
        if (stream.CanSeek)
            stream.Position = d.Offset;
        var frames = d.Size == UnknownSize && length is null ? -1 : d.Size / f.BlockAlign;
        return new WavFormat(path, f.Rate, f.Channels, encoding, f.BlockAlign, d.Offset, frames);
    }

    /// <summary>Streams the samples in chunks of at most <paramref name="chunkFrames"/> frames, interleaved
    /// <c>// (frames, channels)</c>, so a file of any length is read in constant memory.</summary>
    public static IEnumerable<float[]> ReadChunks(WavFormat format, int chunkFrames)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunkFrames);
        return Iterate(format, chunkFrames);

        static IEnumerable<float[]> Iterate(WavFormat format, int chunkFrames)
        {
            using var stream = new FileStream(format.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            stream.Position = format.DataOffset;
            foreach (var chunk in ReadChunks(stream, format, chunkFrames))
                yield return chunk;
        }
    }

    /// <summary>Streams the samples from a stream positioned at the first sample by <see cref="ReadFormat(Stream, string)"/>.
    /// With <see cref="WavFormat.Frames"/> = -1 it reads to the end of the stream and drops a partial last frame;
    /// otherwise a stream that ends early is a truncated file.</summary>
    public static IEnumerable<float[]> ReadChunks(Stream stream, WavFormat format, int chunkFrames)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunkFrames);
        var toEnd = format.Frames < 0;
        var framesPerRead = toEnd ? chunkFrames : (int)Math.Min(chunkFrames, Math.Max(1, format.Frames));
        var buffer = new byte[framesPerRead * format.BlockAlign];
        for (var frame = 0L; toEnd || frame < format.Frames;)
        {
            var frames = toEnd ? framesPerRead : (int)Math.Min(framesPerRead, format.Frames - frame);
            var wanted = frames * format.BlockAlign;
            var got = stream.ReadAtLeast(buffer.AsSpan(0, wanted), wanted, throwOnEndOfStream: false);
            if (got < wanted && !toEnd)
                throw new InvalidDataException(
                    $"{format.Path}: truncated WAV: the file ended after frame {frame + got / format.BlockAlign} of {format.Frames}");
            var whole = got / format.BlockAlign;
            if (whole > 0)
                yield return Decode(buffer.AsSpan(0, whole * format.BlockAlign), format, frame);
            frame += whole;
            if (got < wanted)
                yield break;
        }
    }

    private static void Skip(Stream stream, long count)
    {
        var scratch = new byte[(int)Math.Min(count, 1 << 16)];
        while (count > 0)
        {
            var got = stream.Read(scratch, 0, (int)Math.Min(count, scratch.Length));
            if (got == 0)
                return;
            count -= got;
        }
    }

    private static float[] Decode(ReadOnlySpan<byte> bytes, WavFormat format, long firstFrame)
    {
        var channels = format.Channels;
        var width = format.BytesPerSample;
        var frames = bytes.Length / format.BlockAlign;
        var samples = new float[frames * channels];
        for (var i = 0; i < frames; i++)
        {
            var frame = bytes.Slice(i * format.BlockAlign, format.BlockAlign);
            for (var c = 0; c < channels; c++)
            {
                var s = frame.Slice(c * width, width);
                var value = format.Encoding switch
                {
                    WavEncoding.PcmU8 => (s[0] - 128) * (1f / 128),
                    WavEncoding.Pcm16 => BinaryPrimitives.ReadInt16LittleEndian(s) * (1f / 32768),
                    WavEncoding.Pcm24 => ((s[0] << 8) | (s[1] << 16) | (s[2] << 24)) * (1f / 2147483648),
                    WavEncoding.Pcm32 => (float)BinaryPrimitives.ReadInt32LittleEndian(s) * (1f / 2147483648),
                    WavEncoding.Float32 => BinaryPrimitives.ReadSingleLittleEndian(s),
                    _ => (float)BinaryPrimitives.ReadDoubleLittleEndian(s),
                };
                if (!float.IsFinite(value))
                    throw new InvalidDataException(
                        $"{format.Path}: WAV holds a non-finite sample ({value}) at frame {firstFrame + i}, channel {c}");
                samples[i * channels + c] = value;
            }
        }
        return samples;
    }

    private static (ushort Tag, int Channels, int Rate, int BlockAlign, int Bits) ParseFmt(ReadOnlySpan<byte> b, string path)
    {
        var tag = BinaryPrimitives.ReadUInt16LittleEndian(b);
        var channels = BinaryPrimitives.ReadUInt16LittleEndian(b[2..]);
        var rate = BinaryPrimitives.ReadUInt32LittleEndian(b[4..]);
        var blockAlign = BinaryPrimitives.ReadUInt16LittleEndian(b[12..]);
        var bits = BinaryPrimitives.ReadUInt16LittleEndian(b[14..]);
        if (tag == FormatExtensible)
        {
            if (b.Length < 40)
                throw new InvalidDataException($"{path}: WAVE_FORMAT_EXTENSIBLE fmt chunk is {b.Length} bytes, 40 expected");
            var guid = b.Slice(24, 16);
            if (!guid[2..].SequenceEqual(GuidTail))
                throw new WavFormatNotSupportedException($"{path}: unsupported WAVE_FORMAT_EXTENSIBLE sub-format {new Guid(guid)}");
            tag = BinaryPrimitives.ReadUInt16LittleEndian(guid);
        }
        return (tag, channels, (int)Math.Min(rate, int.MaxValue), blockAlign, bits);
    }

    private static string Printable(ReadOnlySpan<byte> bytes)
    {
        var text = new string(Encoding.Latin1.GetString(bytes[..Math.Min(bytes.Length, 4)])
            .Select(ch => char.IsControl(ch) ? '?' : ch).ToArray());
        return $"'{text}'";
    }
}
