using System.CommandLine;
using FilmScoreEmotion.Cli;
using FilmScoreEmotion.Cli.Commands;

var root = new RootCommand(
    "Film Score Emotion: CNNs on spectrograms of film music (reproduction of the paper) and emotion captions for soundtracks."
);
root.Subcommands.Add(InfoCommand.Create());
root.Subcommands.Add(TrainCommand.Create());
return root.Parse(args).Invoke();
