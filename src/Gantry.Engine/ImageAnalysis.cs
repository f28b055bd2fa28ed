using Gantry.Core;
using Gantry.Images.FileSystem;

namespace Gantry.Engine;

/// <summary>An analyzed image: its SBOM and its squashed file system, with the contents of every requested file.</summary>
public sealed record ImageAnalysis(Sbom Sbom, IFileResolver Files);
