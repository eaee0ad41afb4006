using System.Runtime.InteropServices;
using FilmScoreEmotion.IO;

namespace FilmScoreEmotion.Cli;

/// <summary>Ctrl-C, a `kill` or a closed terminal end the process without running finally blocks, so the temporaries
/// it is writing are deleted here first; the signal then ends the process as it would have.</summary>
public static class Interrupts
{
    static readonly List<PosixSignalRegistration> Registrations = [];

    public static void DeleteTemporariesOnSignal()
    {
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP, PosixSignal.SIGQUIT })
            Registrations.Add(PosixSignalRegistration.Create(signal, _ => LiveTemporaries.DeleteAll()));
    }
}
