// Benchmarks of the audio kernels (BenchmarkDotNet) and whole-command comparisons with peers.
// Each benchmark is added by the issue that builds the code it measures; see docs/BENCHMARKS.md.
using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
