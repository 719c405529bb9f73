using FaceSynth.Server.Demo;
using Microsoft.Playwright;

namespace FaceSynth.Server.Tests;

/// <summary>
/// End to end in Chromium (Playwright driving /usr/bin/chromium, no JavaScript needed by the pages): register a team,
/// submit the example through the form, see it scored and ranked; the leaderboard screenshot is kept as an artefact.
/// </summary>
public sealed class BrowserTests
{
    private const string Chromium = "/usr/bin/chromium";

    [SkippableFact]
    public async Task Newcomer_registers_submits_the_example_and_finds_the_team_on_the_leaderboard()
    {
        if (!File.Exists(Chromium))
        {
            Assert.False(string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase), $"{Chromium} missing; .ci/prereqs/chromium.sh installs it");
            Skip.If(true, $"{Chromium} not installed");
        }

        string dir = FaceSynth.Testing.TestPaths.NewTempDir();
        var app = ServerHost.Build([], new ServerOptions { Urls = "http://127.0.0.1:0", DataDirectory = dir, SeedDemoBaselines = true, ScoringWorkers = 2 });
        await app.StartAsync();
        try
        {
            string baseUrl = ServerHost.Addresses(app)[0];
            using var pw = await Playwright.CreateAsync();
            await using var browser = await pw.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = Chromium,
                Headless = true,
                Args = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking"],
            });
            var page = await browser.NewPageAsync(new BrowserNewPageOptions { JavaScriptEnabled = false, ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });

            await page.GotoAsync(baseUrl + "/");
            Assert.Contains("Demo challenge", await page.InnerTextAsync(".demo"), StringComparison.Ordinal);
            await page.ClickAsync("text=Register a team");
            await page.FillAsync("#name", "Browser Team");
            await page.FillAsync("#email", "browser@example.org");
            await page.FillAsync("#members", "Ada, Grace");
            await page.ClickAsync("form[action='/register'] button[type=submit]");
            Assert.StartsWith("fsk_", (await page.InnerTextAsync("#api-key")).Trim(), StringComparison.Ordinal);

            await page.GotoAsync(baseUrl + "/submit?task=bias");
            await page.SelectOptionAsync("#subtask", "synthetic");
            await page.FillAsync("#description", "The example submission");
            await page.SetInputFilesAsync("#files", Path.Combine(dir, "demo", DemoChallenge.ExampleFile));
            await page.ClickAsync("form[action='/submit'] button[type=submit]");
            Assert.Matches(@"/submissions/\d+$", page.Url);

            var until = DateTime.UtcNow.AddSeconds(30);
            while ((await page.InnerTextAsync("#status")).Trim() != "scored")
            {
                Assert.True(DateTime.UtcNow < until, "the submission was not scored in time");
                await Task.Delay(300);
                await page.ReloadAsync();
            }

            Assert.Contains("TO = AVG - SD", await page.InnerTextAsync("main"), StringComparison.Ordinal);
            await page.GotoAsync(baseUrl + "/leaderboard/bias/synthetic");
            var rows = await page.Locator("#leaderboard tbody tr").AllInnerTextsAsync();
            var mine = rows.Single(r => r.Contains("Browser Team", StringComparison.Ordinal));
            int rank = int.Parse(mine.Split('\t', ' ')[0], System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(rank, 1, 3); // with the two demo baselines
            Assert.Contains(rows, r => r.Contains("[demo] baseline strong", StringComparison.Ordinal));

            string artefacts = Environment.GetEnvironmentVariable("FACESYNTH_TEST_ARTIFACTS") is { Length: > 0 } a
                ? a : Path.Combine(FaceSynth.Testing.TestPaths.RepositoryRoot, "TestResults", "server");
            Directory.CreateDirectory(artefacts);
            string shot = Path.Combine(artefacts, "leaderboard.png");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot, FullPage = true });
            Assert.True(new FileInfo(shot).Length > 10_000);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
