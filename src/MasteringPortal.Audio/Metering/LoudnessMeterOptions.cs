namespace MasteringPortal.Audio.Metering;

/// <summary>What a <see cref="LoudnessMeter"/> measures beyond integrated loudness and loudness range.</summary>
/// <param name="TruePeak">Run the 4x oversampling true-peak detector (the costliest part of the meter).</param>
/// <param name="Series">Keep the 10 Hz momentary and short-term series (8 bytes per 100 ms: about 290 kB per hour).</param>
/// <param name="Layout">The speaker of each channel; null means the WAV order for the channel count.</param>
/// <param name="MonoFoldDown">Also gate the mono fold-down (L+R)/2 of the first two channels (both must carry weight), from
/// the same K-weighted samples: <see cref="LoudnessMeter.MonoFoldDownIntegratedLufs"/>.</param>
public sealed record LoudnessMeterOptions(bool TruePeak = true, bool Series = true, ChannelLayout? Layout = null, bool MonoFoldDown = false);
