package wuton.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import wuton.TryOn;
import wuton.image.ImageFiles;
import wuton.model.Stage;
import wuton.serve.study.Study;
import wuton.serve.study.StudyFixture;
import wuton.testing.HostileImages;
import wuton.testing.TinyModels;

/**
 * The shopper's page and the study page in real headless Chromium (Debian's {@code chromium} and
 * {@code chromium-driver}), against a server on a free port. Screenshots go to {@code target/browser/}.
 *
 * <p>Without the browser the tests are skipped, unless {@code WUTON_BROWSER_TESTS=required} (as {@code .ci/run}
 * sets it, after installing the packages), when they fail instead.
 */
@Tag("browser")
class BrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String TOKEN = "results-token";
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** The person photo's size: the result must come back at it. */
    private static final int PERSON_WIDTH = 36;
    private static final int PERSON_HEIGHT = 52;

    @TempDir
    static Path folder;
    static TryOn student;
    static Server server;
    static WebDriver browser;

    @BeforeAll
    static void start() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            String missing = "no " + CHROMIUM + " or " + CHROMEDRIVER + " (apt-get install chromium chromium-driver)";
            if ("required".equals(System.getenv("WUTON_BROWSER_TESTS"))) {
                fail(missing);
            }
            assumeTrue(false, missing);
        }
        student = TryOn.load(TinyModels.write(folder, "student", Stage.STUDENT));
        Path study = StudyFixture.prepare(folder.resolve("study-data"));
        server = Server.builder(student).port(0).study(Study.read(study), TOKEN).start();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // a phone-sized window: the page must work there
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--window-size=412,915");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
        if (student != null) {
            student.close();
        }
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    @Test
    void aShopperUploadsAPersonPicksAGarmentAndGetsTheResult() throws IOException {
        Path person = folder.resolve("person.png");
        ImageFiles.writePng(HostileImages.noise(PERSON_WIDTH, PERSON_HEIGHT, 3), person);
        WebDriverWait wait = new WebDriverWait(browser, WAIT);

        browser.get(url("/"));
        browser.findElement(By.id("person-file")).sendKeys(person.toAbsolutePath().toString());
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#garments img"))).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("try"))).click();
        wait.until(d -> naturalWidth(d, "result") > 0);

        assertThat(naturalWidth(browser, "result")).isEqualTo(PERSON_WIDTH);
        assertThat(browser.findElement(By.id("download")).getAttribute("href")).startsWith("blob:");
        assertThat(browser.findElement(By.id("status")).getText()).isEmpty();
        ((JavascriptExecutor) browser).executeScript("document.getElementById('result').scrollIntoView()");
        screenshot("shop.png");
    }

    @Test
    void aShopperWithoutAPhotoGetsATryOnOnASamplePersonInOneClick() throws IOException {
        WebDriverWait wait = new WebDriverWait(browser, WAIT);
        browser.get(url("/"));
        // the page chooses a garment by itself; one click on a sample person runs the try-on
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#garments img.chosen")));
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#people img"))).click();
        wait.until(d -> naturalWidth(d, "result") > 0);

        // the first sample person is the astronaut, 256 x 256: the result comes back at the photo's size
        assertThat(naturalWidth(browser, "result")).isEqualTo(256);
        assertThat(browser.findElement(By.id("person-preview")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("status")).getText()).isEmpty();
        screenshot("shop-sample-person.png");
    }

    @Test
    void aParticipantVotesAndTheVoteIsInTheResults() throws Exception {
        WebDriverWait wait = new WebDriverWait(browser, WAIT);
        browser.get(url("/study"));
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("button[name=side][value=left]")));
        screenshot("study.png");

        browser.findElement(By.cssSelector("button[name=side][value=left]")).click();
        wait.until(d -> d.getPageSource().contains("value=\"1\"") || d.getPageSource().contains("Thank"));

        HttpResponse<String> csv = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create(url("/study/results.csv?token=" + TOKEN))).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.body().lines().count()).as("the header and the one vote").isEqualTo(2);
    }

    private static long naturalWidth(WebDriver driver, String id) {
        Object width = ((JavascriptExecutor) driver).executeScript(
            "const i = document.getElementById(arguments[0]); return i && !i.hidden ? i.naturalWidth : 0;", id);
        return ((Number) width).longValue();
    }

    private static void screenshot(String name) throws IOException {
        Path dir = Files.createDirectories(Path.of("target", "browser"));
        Files.write(dir.resolve(name), ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES));
    }
}
