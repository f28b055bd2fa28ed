using Gantry.Core;
using Gantry.Engine.Evaluation;
using Gantry.Policy;
using Gantry.Policy.Evaluation;

namespace Gantry.Engine.Gate;

/// <summary>What the gate decided and did: the evaluation, the findings, the base image check and, when it passed, where the image went.</summary>
public sealed record GateResult
{
    /// <summary>The final decision: the policy's, turned into STOP by <see cref="FailOnFindings"/>.</summary>
    public required GateAction Decision { get; init; }

    /// <summary>The decision as hosts show it.</summary>
    public Verdict Verdict => (Verdict)Decision;

    /// <summary>Why the gate decided so, in one line.</summary>
    public required string Reason { get; init; }

    public required PolicyEvaluation Evaluation { get; init; }

    /// <summary>The evaluation in the terms hosts render, the notes among its warnings.</summary>
    public EvaluationReport Report => EvaluationReport.WithNotes(Evaluation, Notes);

    public required IReadOnlyList<Finding> Findings { get; init; }

    /// <summary>How many findings reached <see cref="GateOptions.FailOn"/>; 0 without it.</summary>
    public int FailOnFindings { get; init; }

    public required IReadOnlyList<string> Notes { get; init; }

    public BaseImageCheck? BaseImage { get; init; }

    /// <summary>The pushed image, <c>HOST/REPO@sha256:…</c>; null when the gate stopped.</summary>
    public string? PushedReference { get; init; }

    /// <summary>True when the pushed image's new signature verified; null when nothing was pushed or signed.</summary>
    public bool? SignatureVerified { get; init; }

    /// <summary>The pushed tag as signed in the notary server and verified from the pinned root; null when not signed there.</summary>
    public Trust.TrustVerifyReport? NotarySignature { get; init; }

    /// <summary>False when a signature the gate made (cosign or Notary) did not verify.</summary>
    public bool SignaturesVerified => SignatureVerified != false && NotarySignature?.IsVerified != false;
}

/// <summary>The base image and whether a trusted key verified its signature (null: not checked).</summary>
public sealed record BaseImageCheck(string Reference, bool? Verified, string Detail);
