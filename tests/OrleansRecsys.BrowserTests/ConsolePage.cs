using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace OrleansRecsys.BrowserTests;

/// <summary>The console as a user works it: what they type and click, and what they see. Waits are for the page's own
/// asynchronous calls; the tests assert on what the page then shows.</summary>
public sealed class ConsolePage(ChromeDriver browser, string url, string artifacts)
{
    private readonly WebDriverWait _wait = CreateWait(browser);

    public ChromeDriver Browser => browser;

    /// <summary>Opens the console in a fresh tab state (no token kept from another test) and signs in with <paramref name="token"/>.</summary>
    public void SignIn(string token)
    {
        browser.Navigate().GoToUrl(url + "/console/");
        browser.ExecuteScript("sessionStorage.clear();");
        browser.Navigate().Refresh();
        var field = WaitForVisible(By.Id("token"));
        field.SendKeys(token);
        browser.FindElement(By.CssSelector("#token-form button[type=submit]")).Click();
    }

    /// <summary>Waits until the signed-in workspace lists <paramref name="model"/>, then opens it.</summary>
    public void Open(string model)
    {
        WaitForVisible(By.CssSelector($".model-link[data-model='{model}']")).Click();
        _wait.Until(d => d.FindElement(By.Id("model-title")).Text == model && d.FindElements(By.CssSelector("#history tr.change")).Count > 0);
    }

    public string Text(string id) => browser.FindElement(By.Id(id)).Text;

    public IWebElement WaitForVisible(By by) => _wait.Until(d =>
    {
        var element = d.FindElement(by);
        return element.Displayed ? element : null;
    })!;

    public void WaitUntil(Func<IWebDriver, bool> condition, string what)
    {
        try
        {
            _wait.Until(condition);
        }
        catch (WebDriverTimeoutException)
        {
            Screenshot("timeout");
            Assert.Fail($"the console never showed {what}; the page said: {browser.FindElement(By.TagName("body")).Text}");
        }
    }

    public void Choose(string selectId, string value) =>
        browser.FindElement(By.CssSelector($"#{selectId} option[value='{value}']")).Click();

    public void Type(string id, string text)
    {
        var input = browser.FindElement(By.Id(id));
        input.Clear();
        input.SendKeys(text);
    }

    public void Click(string id) => browser.FindElement(By.Id(id)).Click();

    /// <summary>Confirms the open promote/rollback dialog with <paramref name="reason"/>.</summary>
    public void Confirm(string reason)
    {
        WaitForVisible(By.Id("confirm-reason")).SendKeys(reason);
        Click("confirm-ok");
    }

    /// <summary>Saves the page as <c>{name}.png</c> among the test artefacts (and returns its path); with
    /// <paramref name="wholePage"/>, the window is made as tall as the page for the picture.</summary>
    public string Screenshot(string name, bool wholePage = false)
    {
        var path = Path.Combine(artifacts, name + ".png");
        var window = browser.Manage().Window;
        var size = window.Size;
        if (wholePage)
        {
            var height = Convert.ToInt32(browser.ExecuteScript("return document.documentElement.scrollHeight;"), System.Globalization.CultureInfo.InvariantCulture);
            window.Size = new System.Drawing.Size(size.Width, Math.Min(height + 140, 6000));
        }

        browser.GetScreenshot().SaveAsFile(path);
        window.Size = size;
        return path;
    }

    private static WebDriverWait CreateWait(IWebDriver browser)
    {
        var wait = new WebDriverWait(browser, TimeSpan.FromSeconds(30));
        wait.IgnoreExceptionTypes(typeof(NoSuchElementException), typeof(StaleElementReferenceException));
        return wait;
    }
}
