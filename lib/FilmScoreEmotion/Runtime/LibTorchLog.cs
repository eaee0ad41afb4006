using System.Runtime.InteropServices;
using TorchSharp;

namespace FilmScoreEmotion.Runtime;

/// <summary>libtorch's C++ log lines go straight to stderr, past every .NET writer: on CPUs NNPACK does not support,
/// each convolution thread prints "Could not initialize NNPACK! Reason: Unsupported hardware.", lines that say
/// nothing to a user and break the one-line refusals. c10's minimum level (its exported FLAGS_minloglevel) is raised
/// to ERROR, unless TORCH_CPP_LOG_LEVEL shows the user wants to choose.</summary>
public static class LibTorchLog
{
    const int Error = 2;

    /// <summary>Loads libtorch (as the first tensor would) and turns its warnings off.</summary>
    public static void WarningsOff()
    {
        if (Environment.GetEnvironmentVariable("TORCH_CPP_LOG_LEVEL") is not null)
            return;
        torch.InitializeDeviceType(DeviceType.CPU);
        if (NativeLibrary.TryLoad("libc10.so", out var c10) && NativeLibrary.TryGetExport(c10, "FLAGS_minloglevel", out var level))
            Marshal.WriteInt32(level, Math.Max(Marshal.ReadInt32(level), Error));
    }

    /// <summary>c10's minimum log level now (0 INFO, 1 WARNING, 2 ERROR), or null when libc10 is not loaded.</summary>
    public static int? Level() =>
        NativeLibrary.TryLoad("libc10.so", out var c10) && NativeLibrary.TryGetExport(c10, "FLAGS_minloglevel", out var level)
            ? Marshal.ReadInt32(level)
            : null;
}
