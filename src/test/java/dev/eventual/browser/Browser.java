package dev.eventual.browser;

import dev.eventual.support.Api;
import dev.eventual.support.AsyncApi;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.chromium.ChromiumNetworkConditions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** One headless Chromium session (its own profile) and the few gestures the scenarios need. */
final class Browser implements AutoCloseable {
  static final Path SCREENSHOTS = Path.of("target", "screenshots");

  final ChromeDriver driver;
  final String name;
  private final Path profile;

  Browser(String name, String url) throws IOException {
    this(name, url, true);
  }

  /** {@code javaScript} false: Chromium runs none of the page's scripts, as a locked-down profile would (issue 24). */
  Browser(String name, String url, boolean javaScript) throws IOException {
    this.name = name;
    System.setProperty("webdriver.chrome.driver", "/usr/bin/chromedriver");
    profile = Files.createTempDirectory("eventual-chromium-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
      "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
      "--window-size=1280,900", "--user-data-dir=" + profile);
    options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
    if (!javaScript) {
      options.setExperimentalOption("prefs", java.util.Map.of("profile.managed_default_content_settings.javascript", 2));
    }
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File("/usr/bin/chromedriver")).build();
    driver = new ChromeDriver(service, options);
    driver.get(url);
  }

  <T> T until(ExpectedCondition<T> condition) {
    return until(Duration.ofSeconds(20), condition);
  }

  <T> T until(Duration timeout, ExpectedCondition<T> condition) {
    try {
      return new WebDriverWait(driver, timeout, Duration.ofMillis(50))
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(condition);
    } catch (org.openqa.selenium.TimeoutException e) {
      throw new AssertionError(name + " waited in vain for " + condition + "; page state: " + state(), e);
    }
  }

  /** What a failed wait saw: the status line, the messages and the browser console. */
  String state() {
    try {
      StringBuilder out = new StringBuilder();
      out.append("\n  connection: ").append(js("return document.querySelector('#connection')?.textContent"));
      out.append("\n  auth: ").append(js("return document.querySelector('#auth-message')?.textContent"));
      out.append("\n  todos: ").append(js("return JSON.stringify([...document.querySelectorAll('#todos li')].map(li => li.dataset.text + ':' + li.dataset.status))"));
      out.append("\n  pending: ").append(js("return document.querySelector('#pending')?.textContent"));
      out.append("\n  toasts: ").append(toasts());
      driver.manage().logs().get("browser").forEach(entry -> out.append("\n  console: ").append(entry.getMessage()));
      return out.toString();
    } catch (RuntimeException e) {
      return "(unavailable: " + e + ")";
    }
  }

  WebElement find(String css) {
    return until(d -> {
      List<WebElement> found = d.findElements(By.cssSelector(css));
      return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
    });
  }

  Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  void signUp(String username) {
    find("#auth-username").sendKeys(username);
    find("#auth-password").sendKeys("correct horse battery");
    find("#signup").click();
    until(d -> "open".equals(js("return document.querySelector('#connection')?.dataset.bus")));
  }

  /** Signs in to an account made before (over HTTP, with the tests' password "correct horse battery"). */
  void signIn(String username) {
    find("#auth-username").sendKeys(username);
    find("#auth-password").sendKeys("correct horse battery");
    find("#login").click();
    until(d -> "open".equals(js("return document.querySelector('#connection')?.dataset.bus")));
  }

  void mode(String mode) {
    find("#mode-" + mode).click();
  }

  void createList(String name) {
    find("#new-list-name").sendKeys(name + Keys.ENTER);
    openList(name);
  }

  void openList(String name) {
    until(d -> {
      for (WebElement b : d.findElements(By.cssSelector("#lists button"))) {
        if (b.findElement(By.cssSelector(".list-name")).getText().equals(name) && b.isEnabled()) {
          b.click();
          return true;
        }
      }
      return false;
    });
    until(d -> name.equals(js("return document.querySelector('#list-title span')?.textContent")));
  }

  /**
   * Shares the open list as its owner does in this page, by inviting {@code username}; the invitee accepts over HTTP,
   * signed in with one of the tests' two passwords (a page's sign-up's, or Api's). InvitationBrowserTest accepts in a page.
   */
  void share(String username) {
    String listId = (String) js("return document.querySelector('#lists button[aria-current=true]').dataset.id");
    find("#share-username").sendKeys(username + Keys.ENTER);
    Api api = new Api(java.net.URI.create(driver.getCurrentUrl()).getPort());
    Api.User invitee = signIn(api, username);
    until(d -> api.get(invitee, "/api/invitations").array().stream()
      .anyMatch(i -> listId.equals(((io.vertx.core.json.JsonObject) i).getString("listId"))));
    Api.Response accepted = api.command(invitee, "POST", "/api/lists/" + listId + "/invitation/accept", null, "Prefer", "wait=20");
    if (accepted.status() != 200) {
      throw new AssertionError(username + " could not accept: " + accepted);
    }
    until(d -> members().contains(username) && pendingTexts().isEmpty());
    // The owner is told "<invitee> joined"; left up, that toast would take the invitee's next change into "<invitee>
    // made 2 changes", which is right for a person and not what a test of that next change reads. Closed as one would.
    until(d -> toasts().stream().anyMatch(t -> t.contains(username + " joined")));
    js("[...document.querySelectorAll('ev-toasts .toast')].filter(t => t.textContent.includes(arguments[0] + ' joined'))"
      + ".forEach(t => t.querySelector('.toast-close')?.click())", username);
  }

  private static Api.User signIn(Api api, String username) {
    for (String password : List.of("correct horse battery", AsyncApi.PASSWORD)) {
      Api.Response r = api.send("POST", "/api/auth/login", null,
        new io.vertx.core.json.JsonObject().put("username", username).put("password", password).encode());
      if (r.status() == 200) {
        return new Api.User(r.json().getString("userId"), username, r.cookie());
      }
    }
    throw new AssertionError(username + " could not sign in with either of the tests' passwords");
  }

  /** Accepts, in this page and by keyboard, the invitation to the list named {@code name}; waits until the list is here. */
  void acceptInvitation(String name) {
    WebElement accept = until(d -> d.findElements(By.cssSelector("ev-invitations button.accept")).stream()
      .filter(b -> ("Accept the invitation to '" + name + "'").equals(b.getAccessibleName()) && b.isEnabled()).findFirst().orElse(null));
    accept.sendKeys(Keys.ENTER);
    until(d -> d.findElements(By.cssSelector("#lists button .list-name")).stream().anyMatch(e -> e.getText().equals(name)));
  }

  void addTodo(String text) {
    find("#new-todo").sendKeys(text + Keys.ENTER);
  }

  /** Opens the editor of a todo and types over its text (the editor opens with it selected), then Enter. */
  void edit(String text, String newText) {
    find("button[aria-label='Edit " + text + "']").click();
    find("input.edit-input").sendKeys(newText + Keys.ENTER);
  }

  void tick(String text) {
    find("input[type=checkbox][aria-label='Done: " + text + "']").click();
  }

  void delete(String text) {
    find("button[aria-label='Delete " + text + "']").click();
  }

  /** Keys to whatever has the focus now, as a person typing. */
  void keys(CharSequence... keys) {
    new org.openqa.selenium.interactions.Actions(driver).sendKeys(keys).perform();
  }

  @SuppressWarnings("unchecked")
  List<String> errors() {
    return (List<String>) js("return [...document.querySelectorAll('ev-toasts .toast-error')].map(t => t.textContent)");
  }

  /** The conflicts the list shows, each as its words. */
  @SuppressWarnings("unchecked")
  List<String> conflicts() {
    return (List<String>) js("return [...document.querySelectorAll('#conflicts li .conflict-words')].map(p => p.textContent)");
  }

  /** The page's console errors since the last call. */
  List<String> consoleErrors() {
    return driver.manage().logs().get("browser").getAll().stream()
      .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
      .map(org.openqa.selenium.logging.LogEntry::getMessage).filter(m -> !m.contains("Failed to load resource")).toList();
  }

  /** Emulates the operating system's dark (or light) colour scheme, as prefers-color-scheme reports it. */
  void colorScheme(String scheme) {
    driver.executeCdpCommand("Emulation.setEmulatedMedia", java.util.Map.of("features",
      List.of(java.util.Map.of("name", "prefers-color-scheme", "value", scheme))));
  }

  @SuppressWarnings("unchecked")
  List<String> todos() {
    return (List<String>) js("return [...document.querySelectorAll('#todos li')].map(li => li.dataset.text)");
  }

  @SuppressWarnings("unchecked")
  List<String> confirmedTodos() {
    return (List<String>) js("return [...document.querySelectorAll('#todos li')].filter(li => li.dataset.status === 'confirmed')"
      + ".map(li => li.dataset.text)");
  }

  String todoStatus(String text) {
    return (String) js("return [...document.querySelectorAll('#todos li')].find(li => li.dataset.text === arguments[0])?.dataset.status ?? null", text);
  }

  @SuppressWarnings("unchecked")
  List<String> pendingTexts() {
    return (List<String>) js("return [...document.querySelectorAll('#pending li')].map(li => li.textContent)");
  }

  @SuppressWarnings("unchecked")
  List<String> members() {
    return (List<String>) js("return [...document.querySelectorAll('#members li span:first-child')].map(s => s.textContent)");
  }

  @SuppressWarnings("unchecked")
  List<String> toasts() {
    return (List<String>) js("return [...document.querySelectorAll('ev-toasts .toast')].map(t => t.className + ': ' + t.textContent)");
  }

  String connection() {
    return (String) js("return document.querySelector('#connection').textContent");
  }

  void offline(boolean offline) {
    ChromiumNetworkConditions conditions = new ChromiumNetworkConditions();
    conditions.setOffline(offline);
    driver.setNetworkConditions(conditions);
    String want = String.valueOf(!offline);
    try {
      until(Duration.ofSeconds(2), d -> want.equals(js("return document.querySelector('#connection').dataset.online")));
    } catch (org.openqa.selenium.TimeoutException notFired) {
      // Emulation did not fire the event here; the app listens to the event, so fire it as the browser would.
      js("window.dispatchEvent(new Event(arguments[0] ? 'online' : 'offline'))", !offline);
      until(d -> want.equals(js("return document.querySelector('#connection').dataset.online")));
    }
  }

  /** axe-core as npm installed it for the frontend's tests (src/test/js/package.json): served to the page by the test. */
  static final Path AXE = Path.of("src", "test", "js", "node_modules", "axe-core", "axe.min.js");

  /**
   * axe-core's serious and critical violations on the page as it is now, each as "rule (impact): target …"; the
   * rules of WCAG 2.x A and AA and the best practices, and label-content-name-mismatch (a name that holds what the
   * control says).
   */
  @SuppressWarnings("unchecked")
  List<String> axe() throws IOException {
    if (!Boolean.TRUE.equals(js("return !!window.axe"))) {
      js(Files.readString(AXE));
    }
    Object found = driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
      + "axe.run(document, { resultTypes: ['violations'], rules: { 'label-content-name-mismatch': { enabled: true } } })"
      + ".then(r => done(r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')"
      + ".map(v => v.id + ' (' + v.impact + '): ' + v.nodes.map(n => n.target.join(' ') + ' ' + (n.failureSummary ?? '')"
      + ".replace(/\\s+/g, ' ').slice(0, 160)).join(' | '))), e => done(['axe failed: ' + e]))");
    return (List<String>) found;
  }

  void screenshot(String file) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
    Files.copy(shot.toPath(), SCREENSHOTS.resolve(file), StandardCopyOption.REPLACE_EXISTING);
  }

  @Override
  public void close() throws IOException {
    try {
      driver.quit();
    } finally {
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
