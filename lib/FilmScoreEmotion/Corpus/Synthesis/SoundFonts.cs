using System.Collections.Immutable;

namespace FilmScoreEmotion.Corpus.Synthesis;

/// <summary>The General MIDI SoundFonts the corpus is played with: two sampled orchestras, so that, as with the
/// soundtracks of different films, not every excerpt has the same players.</summary>
public enum SoundFontKind
{
    FluidR3,
    MuseScoreGeneral,
}

public sealed record SoundFontSpec(SoundFontKind Kind, string Name, string Path, string DebianPackage);

public static class SoundFonts
{
    public static readonly ImmutableArray<SoundFontSpec> All =
    [
        new(SoundFontKind.FluidR3, "FluidR3_GM (Frank Wen, MIT licence)", "/usr/share/sounds/sf2/FluidR3_GM.sf2", "fluid-soundfont-gm"),
        new(
            SoundFontKind.MuseScoreGeneral,
            "MuseScore_General_Full (S. Christian Collins, MIT licence)",
            "/usr/share/sounds/sf3/MuseScore_General_Full.sf3",
            "musescore-general-soundfont"
        ),
    ];

    public static string InstallLine =>
        $"sudo apt-get install -y fluidsynth {string.Join(' ', All.Select(s => s.DebianPackage))}";

    public static SoundFontSpec Spec(SoundFontKind kind) => All.Single(s => s.Kind == kind);

    /// <summary>Why the SoundFont renderer cannot run here, or null when FluidSynth and every SoundFont are present.</summary>
    public static string? Missing() => Missing(All);

    public static string? Missing(IReadOnlyList<SoundFontSpec> soundFonts)
    {
        var version = SoundFontSynth.Version();
        if (version.EndsWith("not installed", StringComparison.Ordinal))
            return $"FluidSynth (libfluidsynth.so.3) is not installed: {InstallLine}";
        var absent = soundFonts.Where(s => !File.Exists(s.Path)).ToList();
        return absent.Count == 0
            ? null
            : $"SoundFont {string.Join(", ", absent.Select(s => s.Path))} not found: {InstallLine}";
    }

    /// <summary>What `fse info` prints: the synthesiser and each SoundFont with its state.</summary>
    public static ImmutableArray<string> Describe() =>
        [
            SoundFontSynth.Version(),
            .. All.Select(s =>
                File.Exists(s.Path) ? $"{s.Name}: {s.Path} ({new FileInfo(s.Path).Length / 1e6:0} MB)" : $"{s.Name}: missing ({s.Path}; apt package {s.DebianPackage})"
            ),
        ];
}
