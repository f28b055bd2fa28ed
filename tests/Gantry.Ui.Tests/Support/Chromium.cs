using Microsoft.Playwright;

namespace Gantry.Ui.Tests.Support;

/// <summary>Debian's chromium driven by Playwright: never a downloaded browser, no network of its own.</summary>
public static class Chromium
{
    public const string Executable = "/usr/bin/chromium";

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        ArgumentNullException.ThrowIfNull(playwright);
        Assert.True(File.Exists(Executable), $"{Executable} is missing: scripts/install-tools.sh installs Debian's chromium");
        return playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Executable,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }
}
