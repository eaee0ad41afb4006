using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace FilmScoreEmotion.Runtime;

/// <summary>Caps the instruction set of oneDNN (libtorch's CPU convolutions) at AVX2 for this process, unless the user
/// chose one. On an AVX-512 CPU (seen on an AMD EPYC, family 26, with libtorch 2.10's oneDNN 3.7.1) the convolutions with
/// 8 channels run oneDNN's avx512_core kernels on channel blocks padded to 16, and the backward pass now and then fills
/// the first layer's gradients with NaN: the smoke grid's first run had NaN weights after one epoch in 1 to 3 of 8
/// processes, never with the AVX2 kernels (0 of 16), whose 8-channel blocks need no padding. Training is about as fast
/// either way there (CNN4 50 against 56 samples/s, the basic network 179 against 130).
/// oneDNN reads the variable from the process's native environment when it first dispatches, so it is set there
/// (.NET's Environment.SetEnvironmentVariable does not reach it on Linux) as soon as this library is first used.</summary>
public static class OneDnnIsa
{
    public const string Variable = "DNNL_MAX_CPU_ISA";

    /// <summary>oneDNN 3 reads this name before <see cref="Variable"/>: a user's choice under either is kept.</summary>
    public const string NewVariable = "ONEDNN_MAX_CPU_ISA";

    public const string Cap = "AVX2";

    /// <summary>The cap in force for oneDNN as the native environment holds it: "AVX2 (set by fse)", the user's own
    /// value, or "not capped" where setting it failed (not Linux).</summary>
    public static string Describe() =>
        UserChoice() is { } user ? $"{user} (from the environment)"
        : NativeValue(Variable) == Cap ? $"{Cap} (set by fse: AVX-512 convolutions gave NaN gradients)"
        : "not capped";

    static string? UserChoice() => Environment.GetEnvironmentVariable(NewVariable) ?? Environment.GetEnvironmentVariable(Variable);

    /// <summary>The value oneDNN will see: the native environment, not .NET's copy of it.</summary>
    public static string? NativeValue(string name)
    {
        try
        {
            return Marshal.PtrToStringUTF8(GetEnv(name));
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    // A module initializer rather than a call at each entry point: the CLI, the notebook kernel and the tests all reach
    // TorchSharp through this library, and a convolution run before the cap would fix oneDNN's choice for the process.
#pragma warning disable CA2255
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void CapUnlessChosen()
    {
        if (UserChoice() is not null)
            return;
        try
        {
            SetEnv(Variable, Cap, overwrite: 0);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not a libc platform: oneDNN keeps its own choice, and Describe says "not capped".
        }
    }

    // DllImport rather than LibraryImport: the library builds without unsafe code, and strings marshal as UTF-8 here
    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int SetEnv([MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, int overwrite);

    [DllImport("libc", EntryPoint = "getenv")]
    private static extern IntPtr GetEnv([MarshalAs(UnmanagedType.LPUTF8Str)] string name);
}
