using System.CommandLine;

namespace FilmScoreEmotion.Cli.Commands;

public static class CommonOptions
{
    public static Option<string> Device() =>
        new("--device")
        {
            Description = "auto (CUDA when TorchSharp reports it, else CPU), cpu or cuda",
            DefaultValueFactory = _ => "auto",
        };

    public static Option<int> Parallel() =>
        new("--parallel")
        {
            Description = "runs trained at once, each on its own thread in this process (results equal sequential runs; default 1)",
            DefaultValueFactory = _ => 1,
        };

    public static Option<string> Precision() =>
        new("--precision")
        {
            Description = "fp32 (default, reproducible), tf32 (CUDA convolutions and matrix products in TF32) or bf16 (the network in bfloat16)",
            DefaultValueFactory = _ => "fp32",
        };
}
