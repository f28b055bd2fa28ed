using Gantry.Core.Cvss;

namespace Gantry.Core.Tests.Cvss;

public class CvssCalculatorTests
{
    /// <summary>Base, exploitability and impact scores as NVD publishes them for these vectors.</summary>
    [Theory]
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0, 3.9, 6.0)] // CVE-2021-44228
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", 7.5, 3.9, 3.6)] // CVE-2014-0160
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8, 3.9, 5.9)]
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:L/UI:R/S:C/C:L/I:L/A:N", 5.4, 2.3, 2.7)]
    [InlineData("CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 7.8, 1.8, 5.9)]
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N", 0.0, 3.9, 0.0)]
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:P/RL:O/RC:C", 9.8, 3.9, 5.9)]
    [InlineData("CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8, 3.9, 5.9)]
    [InlineData("CVSS:3.0/AV:L/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N", 1.8, 0.3, 1.4)]
    [InlineData("AV:N/AC:L/Au:N/C:P/I:P/A:P", 7.5, 10.0, 6.4)]
    [InlineData("AV:N/AC:M/Au:N/C:C/I:C/A:C", 9.3, 8.6, 10.0)]
    [InlineData("AV:N/AC:L/Au:N/C:P/I:N/A:N", 5.0, 10.0, 2.9)] // CVE-2014-0160
    [InlineData("AV:L/AC:L/Au:N/C:C/I:C/A:C", 7.2, 3.9, 10.0)]
    public void Should_Compute_Nvd_Scores_When_The_Vector_Is_Valid(string vector, double baseScore, double exploitability, double impact)
    {
        var scores = CvssCalculator.Calculate(vector);

        Assert.Equal((baseScore, exploitability, impact), (scores.BaseScore, scores.Exploitability, scores.Impact));
    }

    [Theory]
    [InlineData("", "an empty metric (a missing, doubled or trailing '/')")]
    [InlineData("garbage", "'garbage' is not METRIC:VALUE")]
    [InlineData("CVSS:3.1", "an empty metric (a missing, doubled or trailing '/')")]
    [InlineData("CVSS:3.1/AV:N//AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "an empty metric (a missing, doubled or trailing '/')")]
    [InlineData("CVSS:3.1/AV:N/AV:L/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "metric 'AV' appears more than once")]
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H", "base metric 'A' is missing")]
    [InlineData("CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "metric 'AV' has value 'X'; expected one of N, A, L, P")]
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/ZZ:1", "unknown metric 'ZZ'")]
    [InlineData("CVSS:3.1/AV:N/AC:L/Au:N/PR:N/UI:N/S:U/C:H/I:H/A:H", "unknown metric 'Au'")]
    [InlineData("AV:N/AC:L/Au:N/C:P/I:P", "base metric 'A' is missing")]
    [InlineData("CVSS:9.9/AV:N", "unknown CVSS version '9.9'")]
    [InlineData("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", "CVSS 4.0 scores are taken from the feed, not computed")]
    public void Should_Name_What_Is_Wrong_When_The_Vector_Cannot_Be_Scored(string vector, string reason)
    {
        var ex = Assert.Throws<InvalidInputException>(() => CvssCalculator.Calculate(vector));

        Assert.Equal($"CVSS vector '{vector}': {reason}", ex.Message);
        Assert.Null(CvssCalculator.FromVector(vector, "feed").BaseScore);
    }

    [Fact]
    public void Should_Fail_Cleanly_When_The_Vector_Is_Huge()
    {
        var vector = "CVSS:3.1/" + string.Join('/', Enumerable.Repeat("AV:N", 100_000));

        Assert.False(CvssCalculator.TryCalculate(vector, out _, out var error));
        Assert.Equal("metric 'AV' appears more than once", error);
    }

    [Theory]
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "3.1", Severity.Critical)]
    [InlineData("CVSS:3.0/AV:L/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N", "3.0", Severity.Low)]
    [InlineData("AV:N/AC:M/Au:N/C:C/I:C/A:C", "2.0", Severity.High)]
    [InlineData("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", "4.0", Severity.Unknown)]
    public void Should_Rate_A_Feed_Vector_By_Its_Version_When_Read_From_A_Feed(string vector, string version, Severity severity)
    {
        var score = CvssCalculator.FromVector(vector, "nvd");

        Assert.Equal((version, severity), (score.Version, CvssCalculator.SeverityOf(score)));
    }
}
