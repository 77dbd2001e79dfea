using System.Runtime.CompilerServices;

// The fuzz target (tests/MasteringPortal.Audio.Fuzz) seeds its corpus with small RF64 files, which needs
// WavWriter.Rf64ThresholdBytes; declared here so the shared project file stays untouched.
[assembly: InternalsVisibleTo("MasteringPortal.Audio.Fuzz")]
