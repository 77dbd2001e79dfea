// `mastering`: the audio engine from the command line. Commands are added by the audio issues.
Console.Error.WriteLine("usage: mastering analyze FILE [--json] | mastering render MIX -o OUT [options]");
return 2;
