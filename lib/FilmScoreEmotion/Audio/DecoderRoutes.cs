using System.Collections.Immutable;
using System.Reflection;

namespace FilmScoreEmotion.Audio;

/// <summary>Which program or library decodes which format, for <c>fse info</c>.</summary>
/// <param name="Format">The format's short name.</param>
/// <param name="Covers">What of the format that decoder reads.</param>
/// <param name="Decoder">The library and its version, or ffmpeg.</param>
public sealed record DecoderRoute(AudioContainer Container, string Format, string Covers, string Decoder, bool InProcess);

public static class DecoderRoutes
{
    public static ImmutableArray<DecoderRoute> All { get; } =
    [
        new(AudioContainer.Wav, "WAV", "PCM 8/16/24/32-bit, float 32/64-bit", Library(typeof(NAudio.Wave.WaveFileReader)), true),
        new(AudioContainer.Mp3, "MP3", "MPEG Layer III, trimmed by the LAME tag as ffmpeg trims; at some transients NLayer 3.0.1 departs from ffmpeg and mpg123, under 0.05 dB of CQT on real music (README)", Library(typeof(NLayer.MpegFile)), true),
        new(AudioContainer.OggVorbis, "Ogg Vorbis", "Vorbis in Ogg", Library(typeof(NVorbis.VorbisReader)), true),
        new(AudioContainer.Other, "other", "FLAC, AAC, Opus, other WAV encodings, MP3s joined byte for byte, video, ...", "ffmpeg", false),
    ];

    private static string Library(Type type)
    {
        var assembly = type.Assembly;
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
            ?? assembly.GetName().Version?.ToString();
        return $"{assembly.GetName().Name} {version}";
    }
}
