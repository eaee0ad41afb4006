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
}
