// `mastering`: the audio engine from the command line. Each command is an ICliCommand in its own file.
return MasteringPortal.Cli.CliApp.Run(args, Console.Out, Console.Error);
