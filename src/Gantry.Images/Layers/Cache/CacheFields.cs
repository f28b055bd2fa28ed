namespace Gantry.Images.Layers.Cache;

/// <summary>
/// The one field encoding cache payloads (layer indexes, the catalogers' and the secret scan's results) add to
/// <see cref="BinaryWriter"/>'s: an optional string, read back by <see cref="CacheReader.ReadOptional"/>.
/// </summary>
public static class CacheFields
{
    public static void WriteOptional(this BinaryWriter writer, string? value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(value is not null);
        if (value is not null)
        {
            writer.Write(value);
        }
    }
}
