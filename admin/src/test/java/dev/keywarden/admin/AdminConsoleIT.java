package dev.keywarden.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keywarden.access.User;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real browser: headless Chromium (Debian's {@code chromium} and
 * {@code chromium-driver}) against the admin on Jetty. The browser is logged in as an
 * administrator by the host's user resolver; who may administer is covered by the API tests.
 * The protected application route is called with a real HTTP client, as a client would.
 * Screenshots go to {@code target/screenshots/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminConsoleIT {
  private static final Path CHROMIUM = Path.of(System.getProperty("keywarden.chromium", "/usr/bin/chromium"));
  private static final Path CHROMEDRIVER = Path.of(System.getProperty("keywarden.chromedriver", "/usr/bin/chromedriver"));
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private AdminFixture app;
  private WebDriver browser;
  private WebDriverWait wait;

  @BeforeAll
  void start() throws Exception {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      throw new IllegalStateException("the browser tests need Chromium and its driver at " + CHROMIUM + " and "
          + CHROMEDRIVER + ": apt-get install -y chromium chromium-driver (or set -Dkeywarden.chromium and"
          + " -Dkeywarden.chromedriver)");
    }
    app = new AdminFixture("jetty",
        request -> Optional.of(User.of("browser-admin", Set.of("keywarden-admin"), Set.of())));
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
        "--window-size=1280,900", "--lang=en-US");
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
    browser.manage().window().setSize(new Dimension(1280, 900));
    wait = new WebDriverWait(browser, Duration.ofSeconds(10));
    Files.createDirectories(SCREENSHOTS);
  }

  @AfterAll
  void stop() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    if (app != null) {
      app.close();
    }
  }

  @BeforeEach
  void openConsole() {
    browser.get(app.base() + "/keywarden/");
    wait.until(ExpectedConditions.textMatches(By.id("page-info"), java.util.regex.Pattern.compile("Page \\d+ of")));
  }

  private WebElement byId(String id) {
    return browser.findElement(By.id(id));
  }

  private void screenshot(String name) throws Exception {
    Path file = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(file, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }

  private int orders(String key) throws Exception {
    return Http.get(app.base(), "/orders", "client-key", key).status();
  }

  private JsonNode createThroughApi(String clientType) throws Exception {
    JsonNode key = Http.json(app.base(), "POST", "/keywarden/api/keys",
        "{\"generate\":true,\"clientType\":\"" + clientType + "\",\"description\":\"for the browser\"}",
        Http.WRITE).json();
    browser.navigate().refresh();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-id='" + key.get("id").asText() + "']")));
    return key;
  }

  private WebElement rowButton(String id, String action) {
    return browser.findElement(By.cssSelector("tr[data-id='" + id + "'] button[data-action='" + action + "']"));
  }

  private String readSecretAndClose() {
    WebElement secret = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("secret-value")));
    String value = secret.getDomProperty("value");
    byId("secret-done").click();
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("secret-dialog")));
    return value;
  }

  @Test
  void createWithTheGenerateButton_showsTheSecretOnce_andItOpensTheProtectedRoute() throws Exception {
    byId("add-new").click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("key-dialog")));
    byId("generate").click();
    assertThat(byId("key-secret-hint").getText()).contains("random API key will be generated");
    byId("key-client-type").sendKeys("web");
    byId("key-description").sendKeys("Checkout front end");
    screenshot("add-new-form");
    byId("key-save").click();
    WebElement secret = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("secret-value")));
    String value = secret.getDomProperty("value");
    assertThat(value).matches("kw_[A-Za-z0-9]{33}");
    byId("secret-copy").click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("secret-note"), "Copied"));
    screenshot("one-time-secret");
    byId("secret-done").click();
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("secret-dialog")));
    assertThat(orders(value)).isEqualTo(200);
    assertThat(browser.getPageSource()).doesNotContain(value); // shown once, then gone from the page
    assertThat(byId("keys-body").getText()).contains("Checkout front end");
    screenshot("keys");
  }

  @Test
  void deactivateInTheConsole_refusesTheKeyAtOnce() throws Exception {
    JsonNode key = createThroughApi("web");
    String id = key.get("id").asText();
    String secret = key.get("secret").asText();
    assertThat(orders(secret)).isEqualTo(200);
    rowButton(id, "toggle").click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("tr[data-id='" + id + "']"), "Inactive"));
    assertThat(orders(secret)).isEqualTo(401); // no cache TTL to wait for
    rowButton(id, "toggle").click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("tr[data-id='" + id + "'] .badge"), "Active"));
    assertThat(orders(secret)).isEqualTo(200);
  }

  @Test
  void rotateInTheConsole_oldAndNewWorkUntilTheGraceEnds_thenOnlyTheNew() throws Exception {
    JsonNode key = createThroughApi("web");
    String id = key.get("id").asText();
    String old = key.get("secret").asText();
    rowButton(id, "rotate").click();
    WebElement grace = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("rotate-grace")));
    grace.clear();
    grace.sendKeys("2");
    screenshot("rotate");
    byId("rotate-confirm").click();
    String fresh = readSecretAndClose();
    assertThat(fresh).startsWith("kw_").isNotEqualTo(old);
    assertThat(orders(old)).isEqualTo(200);
    assertThat(orders(fresh)).isEqualTo(200);
    app.clock.advance(Duration.ofHours(2).minusSeconds(1));
    assertThat(orders(old)).isEqualTo(200);
    app.clock.advance(Duration.ofSeconds(1));
    assertThat(orders(old)).isEqualTo(401);
    assertThat(orders(fresh)).isEqualTo(200);
  }

  @Test
  void invalidKeys_showTheSpecificMessages() throws Exception {
    byId("add-new").click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("key-dialog")));
    byId("key-secret").sendKeys("two words");
    byId("key-client-type").sendKeys("web app");
    byId("key-save").click();
    WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("key-error")));
    assertThat(error.getText()).contains("secret must not contain whitespace (found some at index 3)")
        .contains("clientType must match ^[A-Za-z_][A-Za-z0-9_]*$ (was \"web app\")");
    screenshot("invalid-key");
    byId("key-secret").clear();
    byId("key-secret").sendKeys("   ");
    byId("key-client-type").clear();
    byId("key-client-type").sendKeys("web");
    byId("key-save").click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("key-error"),
        "secret must not contain whitespace (found some at index 0)"));
    byId("key-secret").clear();
    byId("key-save").click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("key-error"), "secret must not be empty"));
    byId("key-secret").sendKeys("seed-web-key");
    byId("key-save").click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("key-error"),
        "a key with the same secret already exists (id seed1)"));
    byId("key-cancel").click();
  }

  @Test
  void tryARequest_showsTheDecidingRow_andTheEndpointsPageShowsTheRules() throws Exception {
    byId("nav-endpoints").click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("endpoints-body"), "/mia"));
    assertThat(byId("endpoints-body").getText()).contains("groups.foo || clientType == \"bar\"");
    assertThat(byId("endpoints-table").getText()).contains("API Key required").contains("User Group Permission");
    screenshot("endpoints");

    byId("nav-try").click();
    WebElement path = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("try-path")));
    path.clear();
    path.sendKeys("/mia");
    byId("try-submit").click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("try-row"),
        "Decided by row 7: the expression is false, and there is neither a user nor a valid key"));
    assertThat(byId("try-decision").getText()).isEqualTo("Denied: 401 unauthorized");
    assertThat(byId("try-atoms-body").getText()).contains("groups[\"foo\"] undefined");
    byId("try-client-type").sendKeys("bar");
    byId("try-submit").click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("try-row"), "Decided by row 9"));
    assertThat(byId("try-decision").getText()).isEqualTo("Allowed");
    assertThat(byId("try-atoms-body").getText()).contains("clientType \"bar\"");
    screenshot("try-a-request");
  }

  /** Presses Tab until the element with this id has the focus (at most 25 times). */
  private void tabTo(String id) {
    for (int i = 0; i < 25; i++) {
      if (id.equals(browser.switchTo().activeElement().getDomAttribute("id"))) {
        return;
      }
      new Actions(browser).sendKeys(Keys.TAB).perform();
    }
    throw new AssertionError("Tab never reached #" + id + "; focus is on "
        + browser.switchTo().activeElement().getTagName() + "#" + browser.switchTo().activeElement().getDomAttribute("id"));
  }

  private void type(CharSequence... keys) {
    new Actions(browser).sendKeys(keys).perform();
  }

  @Test
  void theWholeCreateFlow_withTheKeyboardOnly() throws Exception {
    tabTo("add-new");
    type(Keys.ENTER);
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("key-dialog")));
    assertThat(browser.switchTo().activeElement().getDomAttribute("id")).isEqualTo("key-secret");
    tabTo("generate");
    type(Keys.ENTER);
    tabTo("key-client-type");
    type("keyboard_client");
    tabTo("key-active");
    type(Keys.SPACE); // off
    type(Keys.SPACE); // and on again
    tabTo("key-description");
    type("made without a mouse");
    tabTo("key-save");
    type(Keys.ENTER);
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("secret-value")));
    assertThat(browser.switchTo().activeElement().getDomAttribute("id")).isEqualTo("secret-value");
    String secret = byId("secret-value").getDomProperty("value");
    tabTo("secret-copy");
    type(Keys.ENTER);
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("secret-note"), "Copied"));
    tabTo("secret-done");
    type(Keys.ENTER);
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("secret-dialog")));
    assertThat(browser.switchTo().activeElement().getDomAttribute("id")).isEqualTo("add-new");
    JsonNode keys = Http.get(app.base(), "/keywarden/api/keys?clientType=keyboard_client", Http.ADMIN).json();
    assertThat(keys.get("total").asInt()).isEqualTo(1);
    assertThat(keys.get("items").get(0).get("active").asBoolean()).isTrue();
    assertThat(keys.get("items").get(0).get("description").asText()).isEqualTo("made without a mouse");
    assertThat(secret).startsWith("kw_");
    // The secret belongs to client type keyboard_client, which /orders (web only) refuses: a
    // valid key with the wrong type is 403, not 401.
    assertThat(orders(secret)).isEqualTo(403);
  }
}
