using System.Runtime.InteropServices;

namespace FilmScoreEmotion.Runtime;

/// <summary>How libtorch's CPU tensors get their memory from glibc. By default a block above a (moving) threshold is
/// mapped afresh and the heap's free top is handed back to the system, so inference that allocates the same
/// activations batch after batch faults every page of them in again: in `fse caption` that was 37 % of the CPU samples
/// and doubled the model's time. Fixing the mmap threshold at its largest (32 MB) and never trimming lets the heap reuse
/// the memory a batch freed; the process keeps its peak, which a bounded batch bounds. Blocks above 32 MB (CNN4's
/// activations for a batch of 32 CQT segments are up to 86 MB) would still be mapped afresh, so mapping is turned off
/// and they come from the heap too: on a 2-core AMD EPYC (family 26) `fse bench train --models cnn4` ran at 43-49
/// samples/s with 53 s of its 150 s of CPU in the kernel, and at 81-104 samples/s with 14 s of 64 (2026-11-29).</summary>
public static class NativeHeap
{
    const int TrimThreshold = -1; // M_TRIM_THRESHOLD
    const int MmapThreshold = -3; // M_MMAP_THRESHOLD
    const int MmapMax = -4; // M_MMAP_MAX

    /// <summary>The largest threshold glibc accepts on 64-bit (HEAP_MAX_SIZE / 2).</summary>
    public const int LargestMmapThreshold = 32 << 20;

    /// <summary>Whether glibc took the settings; false (and nothing changed) on other systems or C libraries.</summary>
    public static bool KeepFreedMemory()
    {
        if (!OperatingSystem.IsLinux())
            return false;
        try
        {
            return Mallopt(MmapThreshold, LargestMmapThreshold) == 1
                && Mallopt(TrimThreshold, int.MaxValue) == 1
                && Mallopt(MmapMax, 0) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    // DllImport rather than LibraryImport: the signature is blittable, and the library builds without unsafe code
    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int Mallopt(int param, int value);
}
