using System.CommandLine;
using FilmScoreEmotion.Cli;
using FilmScoreEmotion.Cli.Commands;

Interrupts.DeleteTemporariesOnSignal();
var root = new RootCommand(
    "Film Score Emotion: CNNs on spectrograms of film music (reproduction of the paper) and emotion captions for soundtracks."
);
var libtorch = TorchStartup.LibTorchOption();
root.Options.Add(libtorch);
root.Subcommands.Add(InfoCommand.Create());
root.Subcommands.Add(NotebookCommand.Create());
root.Subcommands.Add(CorpusCommand.Create());
root.Subcommands.Add(BenchCommand.Create());
root.Subcommands.Add(FeaturesCommand.Create());
root.Subcommands.Add(ReproduceCommand.Create());
root.Subcommands.Add(CaptionCommand.Create());
root.Subcommands.Add(CheckCommand.Create());
root.Subcommands.Add(TrainCommand.Create());
root.Subcommands.Add(GridCommand.Create());
return TorchStartup.Invoke(root.Parse(args), libtorch);
