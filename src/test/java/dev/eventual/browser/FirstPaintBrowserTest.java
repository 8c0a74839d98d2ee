package dev.eventual.browser;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * First paint both ways (issue 24), read from Chromium's performance API: a list of 12 todos opened at {@code /} (the
 * app alone: its shell first, the todos once it loaded them) and at {@code /lists/{id}} (the server's HTML, todos and
 * all, then the app over it), with JavaScript and without. Medians of 7 loads each go to target/first-paint.txt.
 */
class FirstPaintBrowserTest {
  private static final int LOADS = 7;
  private static final String TIMES = "const done = arguments[arguments.length - 1];"
    + "const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1;"
    + "const shown = () => performance.getEntriesByName('todos-painted')[0]?.startTime;"
    + "const wait = (n) => shown() !== undefined || n === 0 ? done({fcp, shown: shown() ?? -1})"
    + "  : setTimeout(() => wait(n - 1), 50); wait(arguments[0] ? 200 : 0);";
  /** Before any script of the page: marks the frame after the app's list first holds all 12 todos. */
  private static final String WATCH = "new MutationObserver((_, watch) => {"
    + " if (document.querySelectorAll('#todos li').length < 12) return; watch.disconnect();"
    + " requestAnimationFrame(() => setTimeout(() => performance.mark('todos-painted'), 0));"
    + "}).observe(document, {subtree: true, childList: true});";
  @RegisterExtension
  static final Pages pages = new Pages();

  @Test
  @DisplayName("the server's HTML paints the todos before the app alone can draw them; without JavaScript it is the whole page")
  void firstPaintBothWays() throws Exception {
    Browser cat = pages.signedUp("cat");
    cat.createList("Week");
    for (int i = 1; i <= 12; i++) {
      cat.addTodo("todo number " + i);
    }
    cat.until(d -> cat.confirmedTodos().size() == 12);
    String listUrl = cat.driver.getCurrentUrl();
    assertThat(listUrl).matches(".*/lists/[0-9a-f-]{36}");
    Browser plain = pages.withoutJavaScript("plain", "signin");
    plain.find("#plain-username").sendKeys("cat");
    plain.find("#plain-password").sendKeys("correct horse battery");
    plain.find("#plain-submit").click();
    plain.until(d -> d.getCurrentUrl().endsWith("/lists"));

    cat.driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", WATCH));
    Map<String, Double> app = measure(cat, pages.backend().url(), true);
    Map<String, Double> server = measure(cat, listUrl, true);
    Map<String, Double> noJs = measure(plain, listUrl, false);
    String report = String.format("first paint, medians of %d loads (ms after navigation start), list of 12 todos:%n"
        + "  /  (app alone, JavaScript on):            first contentful paint %.0f, todos drawn by the app %.0f%n"
        + "  /lists/{id} (server HTML, JavaScript on):  first contentful paint (todos in it) %.0f, the app's todos drawn %.0f%n"
        + "  /lists/{id} (JavaScript off):              first contentful paint (todos in it) %.0f%n",
      LOADS, app.get("fcp"), app.get("shown"), server.get("fcp"), server.get("shown"), noJs.get("fcp"));
    System.out.print(report);
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target", "first-paint.txt"), report);
    assertThat(server.get("fcp")).as("the server's todos paint before the app alone draws them").isLessThan(app.get("shown"));
    assertThat(noJs.get("fcp")).isPositive();
  }

  /** Loads {@code url} {@link #LOADS} times; the median of each time, after the todos were checked to be on the page. */
  private static Map<String, Double> measure(Browser page, String url, boolean appRuns) {
    List<Double> fcp = new ArrayList<>();
    List<Double> shown = new ArrayList<>();
    for (int i = 0; i < LOADS; i++) {
      page.driver.get(url);
      page.until(d -> ((Number) page.js("return document.querySelectorAll('#todos li, #plain-todos li').length")).intValue() == 12);
      page.until(d -> ((Number) page.js("return performance.getEntriesByName('first-contentful-paint').length")).intValue() == 1);
      @SuppressWarnings("unchecked")
      Map<String, Number> t = (Map<String, Number>) page.driver.executeAsyncScript(TIMES, appRuns);
      fcp.add(t.get("fcp").doubleValue());
      shown.add(t.get("shown").doubleValue());
    }
    assertThat(fcp).allMatch(v -> v > 0);
    if (appRuns) {
      assertThat(shown).allMatch(v -> v > 0);
    }
    return Map.of("fcp", median(fcp), "shown", median(shown));
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }
}
