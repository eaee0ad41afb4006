using System.Runtime.InteropServices;

namespace FilmScoreEmotion.Corpus.Synthesis;

/// <summary>
/// The few entry points of FluidSynth 2 (Debian's libfluidsynth3) the corpus needs. The library is called in process
/// rather than the `fluidsynth` program over MIDI files because the program reloads its SoundFont for every file:
/// measured here, 0.22 s for FluidR3_GM and 5.7 s for MuseScore_General_Full per process, against 134 excerpts; in
/// process each worker loads a SoundFont once per corpus, and notes keep their exact sample times.
/// </summary>
static partial class FluidSynthNative
{
    const string Library = "libfluidsynth.so.3";

    public const int Failed = -1;

    [LibraryImport(Library, EntryPoint = "new_fluid_settings")]
    public static partial IntPtr NewSettings();

    [LibraryImport(Library, EntryPoint = "delete_fluid_settings")]
    public static partial void DeleteSettings(IntPtr settings);

    [LibraryImport(Library, EntryPoint = "fluid_settings_setnum", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int SetNum(IntPtr settings, string name, double value);

    [LibraryImport(Library, EntryPoint = "fluid_settings_setint", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int SetInt(IntPtr settings, string name, int value);

    [LibraryImport(Library, EntryPoint = "new_fluid_synth")]
    public static partial IntPtr NewSynth(IntPtr settings);

    [LibraryImport(Library, EntryPoint = "delete_fluid_synth")]
    public static partial void DeleteSynth(IntPtr synth);

    [LibraryImport(Library, EntryPoint = "fluid_synth_sfload", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int SoundFontLoad(IntPtr synth, string path, int resetPresets);

    [LibraryImport(Library, EntryPoint = "fluid_synth_get_sfont_by_id")]
    public static partial IntPtr SoundFontById(IntPtr synth, int id);

    [LibraryImport(Library, EntryPoint = "fluid_synth_add_sfont")]
    public static partial int AddSoundFont(IntPtr synth, IntPtr soundFont);

    [LibraryImport(Library, EntryPoint = "fluid_synth_remove_sfont")]
    public static partial int RemoveSoundFont(IntPtr synth, IntPtr soundFont);

    [LibraryImport(Library, EntryPoint = "fluid_synth_program_select")]
    public static partial int ProgramSelect(IntPtr synth, int channel, int soundFontId, int bank, int preset);

    [LibraryImport(Library, EntryPoint = "fluid_synth_noteon")]
    public static partial int NoteOn(IntPtr synth, int channel, int key, int velocity);

    [LibraryImport(Library, EntryPoint = "fluid_synth_noteoff")]
    public static partial int NoteOff(IntPtr synth, int channel, int key);

    [LibraryImport(Library, EntryPoint = "fluid_synth_cc")]
    public static partial int ControlChange(IntPtr synth, int channel, int control, int value);

    [LibraryImport(Library, EntryPoint = "fluid_synth_write_float")]
    public static unsafe partial int WriteFloat(
        IntPtr synth,
        int length,
        float* left,
        int leftOffset,
        int leftIncrement,
        float* right,
        int rightOffset,
        int rightIncrement
    );

    [LibraryImport(Library, EntryPoint = "fluid_set_log_function")]
    public static partial IntPtr SetLogFunction(int level, IntPtr function, IntPtr data);

    [LibraryImport(Library, EntryPoint = "fluid_version_str")]
    public static partial IntPtr VersionString();
}
