using System.Runtime.InteropServices;
using TorchSharp;

namespace FilmScoreEmotion.Runtime;

/// <summary>libtorch's C++ log lines go straight to stderr, past every .NET writer: on CPUs NNPACK does not support,
/// each convolution thread prints "Could not initialize NNPACK! Reason: Unsupported hardware.", lines that say
/// nothing to a user and break the one-line refusals. c10's two thresholds (its exported FLAGS_minloglevel and
/// FLAGS_caffe2_log_level, the one TORCH_CPP_LOG_LEVEL sets) are raised to ERROR, unless TORCH_CPP_LOG_LEVEL shows the
/// user wants to choose.</summary>
public static class LibTorchLog
{
    const int Error = 2;

    /// <summary>Both thresholds, since with the minimum level alone raised some inputs still printed NNPACK's line
    /// once per thread (0 A.D.'s "Taiko 2" through `fse caption`: 25 lines).</summary>
    static readonly string[] Flags = ["FLAGS_minloglevel", "FLAGS_caffe2_log_level"];

    /// <summary>Loads libtorch (as the first tensor would) and turns its warnings off.</summary>
    public static void WarningsOff()
    {
        if (Environment.GetEnvironmentVariable("TORCH_CPP_LOG_LEVEL") is not null)
            return;
        torch.InitializeDeviceType(DeviceType.CPU);
        if (!NativeLibrary.TryLoad("libc10.so", out var c10))
            return;
        foreach (var flag in Flags)
            if (NativeLibrary.TryGetExport(c10, flag, out var level))
                Marshal.WriteInt32(level, Math.Max(Marshal.ReadInt32(level), Error));
    }

    /// <summary>The lower of c10's two log thresholds now (0 INFO, 1 WARNING, 2 ERROR), or null when libc10 is not
    /// loaded.</summary>
    public static int? Level() =>
        NativeLibrary.TryLoad("libc10.so", out var c10)
            ? Flags.Select(flag => NativeLibrary.TryGetExport(c10, flag, out var level) ? Marshal.ReadInt32(level) : (int?)null).Min()
            : null;
}
