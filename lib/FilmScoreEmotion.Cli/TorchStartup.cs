using System.CommandLine;
using System.CommandLine.Help;
using FilmScoreEmotion.Runtime;

namespace FilmScoreEmotion.Cli;

/// <summary>What runs between parsing the command line and the command: libtorch is loaded from the folder the user
/// named (or, in the cuda build, PyTorch's) before anything touches TorchSharp, and glibc is told to keep freed memory
/// for the next batch (<see cref="NativeHeap"/>).</summary>
public static class TorchStartup
{
    public static Option<string?> LibTorchOption() =>
        new("--libtorch")
        {
            Description = $"load libtorch from this folder (libtorch.so, libtorch_cpu.so, libc10.so), such as a PyTorch installation's torch/lib; overrides {LibTorchLoader.EnvironmentVariable}",
            Recursive = true,
        };

    public static int Invoke(ParseResult parse, Option<string?> libtorch)
    {
        if (parse.Action is HelpAction)
            return parse.Invoke();
        if (parse.Errors.Count > 0)
            return CliRun.Refuse(ParseErrors(parse));
        var loaded = CliRun.Guard(() =>
        {
            var choice = LibTorchLoader.Choose(
                parse.GetValue(libtorch),
                Environment.GetEnvironmentVariable(LibTorchLoader.EnvironmentVariable),
                LibTorchLoader.Backend,
                LibTorchLoader.PyTorchLibDirectory
            );
            if (choice is null)
                return 0;
            LibTorchLoader.Load(choice);
            // The user named the other sources; this one they should see, since a machine may have several PyTorches.
            if (choice.Source == LibTorchSource.PyTorch)
                Console.Error.WriteLine($"libtorch: {choice.Describe()}");
            return 0;
        });
        if (loaded == 0 && UsesTorch(parse))
            loaded = CliRun.Guard(() =>
            {
                LibTorchLog.WarningsOff();
                NativeHeap.KeepFreedMemory();
                return 0;
            });
        if (loaded != 0)
            return loaded;
        var code = parse.Invoke();
        // Said after a run that worked, so that a refused input still gets exactly one line on stderr.
        if (code == 0 && AsksAutoDevice(parse) && DeviceChoice.Resolve(DeviceRequest.Auto).type != TorchSharp.DeviceType.CUDA)
            Console.Error.WriteLine("device: --device auto found no CUDA device; this ran on the CPU");
        return code;
    }

    /// <summary>System.CommandLine's parse errors in one line, its .NET type names said in words, pointing at --help
    /// rather than printing all of it.</summary>
    static string ParseErrors(ParseResult parse) =>
        string.Join("; ", parse.Errors.Select(e => TypeNames().Aggregate(e.Message.TrimEnd('.'), (m, t) => m.Replace(t.Name, t.Words))))
        + $" (see `fse {string.Join(' ', CommandPath(parse.CommandResult))} --help`)";

    static IEnumerable<(string Name, string Words)> TypeNames() =>
        [
            ("System.Nullable`1[System.Int32]", "a whole number"),
            ("System.Nullable`1[System.Double]", "a number"),
            ("System.Int32", "a whole number"),
            ("System.Int64", "a whole number"),
            ("System.Double", "a number"),
            ("System.Boolean", "true or false"),
        ];

    static IEnumerable<string> CommandPath(System.CommandLine.Parsing.CommandResult? result) =>
        result is null || result.Parent is not System.CommandLine.Parsing.CommandResult parent
            ? []
            : CommandPath(parent).Append(result.Command.Name);

    /// <summary>Commands that pick a device are the ones that run libtorch; the others start without loading it.</summary>
    static bool UsesTorch(ParseResult parse) => parse.CommandResult.Command.Options.Any(o => o.Name == "--device");

    static bool AsksAutoDevice(ParseResult parse) =>
        UsesTorch(parse)
        && string.Equals(parse.GetValue<string>("--device")?.Trim(), "auto", StringComparison.OrdinalIgnoreCase);
}
