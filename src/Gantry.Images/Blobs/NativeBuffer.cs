using System.Runtime.InteropServices;

namespace Gantry.Images.Blobs;

/// <summary>
/// A buffer outside the GC heap, freed on <see cref="Dispose"/>. For the megabyte buffers that a scan needs once (a layer
/// cache entry read whole, a blob's read buffer): as arrays they would land on the large object heap, whose small first
/// budget they spend, and each time it is spent the runtime stops to collect every generation (two such collections
/// in a warm scan before these buffers moved here).
/// </summary>
internal sealed unsafe class NativeBuffer : IDisposable
{
    private byte* _bytes;

    public NativeBuffer(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        _bytes = (byte*)NativeMemory.Alloc((nuint)length);
        Length = length;
    }

    public int Length { get; }

    public Span<byte> Span
    {
        get
        {
            ObjectDisposedException.ThrowIf(_bytes is null, this);
            return new Span<byte>(_bytes, Length);
        }
    }

    public void Dispose()
    {
        NativeMemory.Free(_bytes);
        _bytes = null;
    }
}
