using OpenQA.Selenium.Chrome;

namespace OrleansRecsys.BrowserTests;

/// <summary>
/// Headless Chromium from Debian's <c>chromium</c> and <c>chromium-driver</c> packages. scripts/test.sh installs them when
/// missing and names them in RECSYS_TEST_CHROMIUM and RECSYS_TEST_CHROMEDRIVER; without the script the Debian paths are
/// used. Both paths are given to Selenium, so it never looks for (or downloads) a browser or driver of its own.
/// </summary>
public static class Chromium
{
    public const string BrowserVariable = "RECSYS_TEST_CHROMIUM";
    public const string DriverVariable = "RECSYS_TEST_CHROMEDRIVER";

    public static ChromeDriver Start(int width, int height)
    {
        var browser = Environment.GetEnvironmentVariable(BrowserVariable) ?? "/usr/bin/chromium";
        var driver = Environment.GetEnvironmentVariable(DriverVariable) ?? "/usr/bin/chromedriver";
        if (!File.Exists(browser) || !File.Exists(driver))
        {
            throw new InvalidOperationException(
                $"Chromium ({browser}) or ChromeDriver ({driver}) is missing: run the tests through scripts/test.sh, which installs " +
                "Debian's chromium and chromium-driver packages, or set RECSYS_TEST_CHROMIUM and RECSYS_TEST_CHROMEDRIVER");
        }

        var options = new ChromeOptions { BinaryLocation = browser };
        // --no-sandbox: CI runs the tests as root, where Chromium refuses its sandbox. /dev/shm is small in containers.
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
            $"--window-size={width},{height}", "--lang=en-GB");
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(driver)!, Path.GetFileName(driver));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        return new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }
}
