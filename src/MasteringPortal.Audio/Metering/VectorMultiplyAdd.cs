using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace MasteringPortal.Audio.Metering;

/// <summary>
/// How an interpolation kernel forms a·b + c. A type argument rather than a flag so that the JIT compiles each
/// kernel once per choice, with the multiply-add inlined and no branch or call in the tap loop.
/// </summary>
internal interface IVectorMultiplyAdd
{
    static abstract Vector<float> Apply(Vector<float> a, Vector<float> b, Vector<float> c);
}

/// <summary>Always one rounding, so the result is the same on every CPU (emulated where there is no FMA).</summary>
internal readonly struct AlwaysFused : IVectorMultiplyAdd
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> Apply(Vector<float> a, Vector<float> b, Vector<float> c) => Vector.FusedMultiplyAdd(a, b, c);
}

/// <summary>One fused instruction where the hardware has it (x64 FMA3, every Arm64), else a multiply and an add: never slow.</summary>
internal readonly struct FusedWhereSupported : IVectorMultiplyAdd
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> Apply(Vector<float> a, Vector<float> b, Vector<float> c) =>
        Fma.IsSupported || AdvSimd.IsSupported ? Vector.FusedMultiplyAdd(a, b, c) : a * b + c;
}
