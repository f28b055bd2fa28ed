using System.Text.Json.Serialization;
using Gantry.Images.Oci;

namespace Gantry.Signing.Cosign;

[JsonSerializable(typeof(OciManifest))]
internal sealed partial class SigningJsonContext : JsonSerializerContext;
