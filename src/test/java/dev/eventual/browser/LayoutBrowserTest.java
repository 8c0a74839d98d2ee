package dev.eventual.browser;

import dev.eventual.support.Api;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WindowType;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the page looks and what it claims (issue 12): presence after a reload and while offline, the phone layout and
 * its tap targets, dark mode's contrast, the command timeline, and toasts that never cover the way to recover.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LayoutBrowserTest {
  @RegisterExtension
  static final Pages pages = new Pages();
  static Backend backend;
  static Browser ana;
  static Browser ben;

  /**
   * Every visible control on the page whose tap target is smaller than the given CSS pixels each way, as
   * "tag#id.class WxH". A control inside its label is tapped through the label as well: the target is the larger.
   */
  static String smallTargets(int px) {
    return "return [...document.querySelectorAll('button, input, summary, select, a[href]')]"
      + ".filter(el => el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden')"
      + ".map(el => { const r = el.getBoundingClientRect(); const l = el.closest('label')?.getBoundingClientRect();"
      + " return [el, { width: Math.max(r.width, l?.width ?? 0), height: Math.max(r.height, l?.height ?? 0) }]; })"
      + ".filter(([el, r]) => r.width < " + px + " || r.height < " + px + ")"
      + ".map(([el, r]) => el.tagName + '#' + el.id + '.' + el.className + ' ' + Math.round(r.width) + 'x' + Math.round(r.height))";
  }

  /**
   * Every visible, enabled button whose text has less than 4.5:1 contrast (WCAG) against what is behind it: the
   * backgrounds from the button up to the first opaque one, blended as the browser paints them.
   */
  static final String LOW_CONTRAST = """
    const parse = (c) => { const n = (c.match(/[\\d.]+/g) ?? []).map(Number);
      const rgb = c.startsWith('color(') ? n.slice(0, 3).map((v) => v * 255) : n.slice(0, 3);
      return [...rgb, n.length > 3 ? n[3] : 1]; };
    const over = ([r, g, b, a], [R, G, B]) => [r * a + R * (1 - a), g * a + G * (1 - a), b * a + B * (1 - a)];
    const behind = (el) => { const layers = [];
      for (let e = el; e; e = e.parentElement) { const c = parse(getComputedStyle(e).backgroundColor);
        if (c[3] > 0) layers.push(c); if (c[3] >= 1) break; }
      let base = [255, 255, 255]; if (!layers.length || layers[layers.length - 1][3] < 1) base = parse(getComputedStyle(document.documentElement).backgroundColor);
      return layers.reverse().reduce((acc, layer) => over(layer, acc), base.slice(0, 3)); };
    const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
      .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
    return [...document.querySelectorAll('button')].filter((b) => b.getClientRects().length && !b.disabled && b.textContent.trim())
      .map((b) => { const bg = behind(b); const fg = lum(over(parse(getComputedStyle(b).color), bg)); const back = lum(bg);
        return [b, (Math.max(fg, back) + 0.05) / (Math.min(fg, back) + 0.05)]; })
      .filter(([, ratio]) => ratio < 4.5).map(([b, ratio]) => b.textContent.trim() + ' ' + ratio.toFixed(2));
    """;

  @BeforeAll
  static void start() throws Exception {
    backend = pages.backend();
    ana = pages.signedUp("ana");
    ben = pages.signedUp("ben");
    ana.createList("Layout");
    ana.share("ben");
    ben.openList("Layout");
    for (String text : List.of("milk", "eggs", "bread")) {
      ana.addTodo(text);
    }
    ana.until(d -> ana.confirmedTodos().size() == 3);
  }

  private static String presence(Browser b) {
    return (String) b.js("return document.querySelector('ev-presence').textContent");
  }

  @Test
  @Order(1)
  @DisplayName("right after a reload the page shows who else is looking, and offline it no longer claims to know")
  void presenceAfterReloadAndOffline() {
    ana.until(d -> presence(ana).contains("Also here: ben"));
    ana.driver.navigate().refresh();
    ana.until(d -> "Layout".equals(ana.js("return document.querySelector('#list-title span')?.textContent")));
    ana.until(Duration.ofSeconds(12), d -> presence(ana).contains("Also here: ben"));
    ben.until(d -> presence(ben).contains("Also here: ana"));
    ana.offline(true);
    ana.until(d -> !presence(ana).contains("ben"));
    assertThat(presence(ana)).contains("Offline");
    ana.offline(false);
    ana.until(Duration.ofSeconds(12), d -> presence(ana).contains("Also here: ben"));
  }

  @Test
  @Order(2)
  @DisplayName("on a 390 px phone the list switcher is at the top, a row's actions are in its menu and its text has the width,"
    + " the offline banner is one line and every tap target is at least 44×44")
  void phone() throws Exception {
    ana.driver.manage().window().setSize(new Dimension(390, 844));
    try {
      ana.until(d -> ((Number) ana.js("return window.innerWidth")).intValue() <= 390);
      assertThat(((Number) ana.js("return document.documentElement.scrollWidth - window.innerWidth")).intValue()).isLessThanOrEqualTo(0);
      assertThat(ana.js("const list = document.querySelector('section.main').getBoundingClientRect();"
        + "const lists = document.querySelector('#lists').getBoundingClientRect(); return lists.bottom <= list.top && lists.top < 200"))
        .as("the lists above the open list, near the top").isEqualTo(true);
      assertThat(ana.js("return [...document.querySelectorAll('#todos li .actions button')].every(b => !b.getClientRects().length)"))
        .as("row actions wait in the menu").isEqualTo(true);
      assertThat(((Number) ana.js("const li = document.querySelector('#todos li'); return"
        + " li.querySelector('.todo-text').getBoundingClientRect().width / li.getBoundingClientRect().width")).doubleValue())
        .as("the text has most of the row's width").isGreaterThan(0.6);
      assertThat((List<?>) ana.js(smallTargets(44))).isEmpty();
      ana.js("document.querySelector('#todos li .menu-toggle').click()");
      assertThat((List<?>) ana.js(smallTargets(44))).as("with a row's menu open").isEmpty();
      assertThat(ana.js("return [...document.querySelectorAll('#todos li .actions button')].filter(b => b.getClientRects().length)"
        + ".map(b => b.textContent)")).as("one row's actions, opened").isEqualTo(List.of("Edit", "Move to…", "Delete"));
      ana.js("document.querySelector('#todos li .menu-toggle').click()");
      ana.offline(true);
      assertThat(ana.js("const line = document.querySelector('#connection');"
        + "return line.getBoundingClientRect().height <= 1.6 * parseFloat(getComputedStyle(line).lineHeight)")).isEqualTo(true);
      ana.js("document.querySelectorAll('.toast').forEach(t => t.remove()); document.activeElement?.blur()");
      ana.screenshot("docs-phone.png");
      ana.offline(false);
    } finally {
      ana.driver.manage().window().setSize(new Dimension(1280, 900));
    }
  }

  @Test
  @Order(3)
  @DisplayName("in dark mode every button's text has at least 4.5:1 contrast, computed from the page's styles")
  void darkContrast() throws Exception {
    ana.colorScheme("dark");
    try {
      ana.until(d -> Boolean.TRUE.equals(ana.js("return matchMedia('(prefers-color-scheme: dark)').matches")));
      ana.js("document.querySelector('ev-timeline details').open = true");
      assertThat((List<?>) ana.js(LOW_CONTRAST)).as("dark").isEmpty();
      assertThat(ana.js("return ['#add-todo', '#create-list', '#share'].map(s => document.querySelector(s).textContent)"))
        .asList().containsExactly("Add", "Create", "Invite");
      ana.js("document.querySelectorAll('.toast').forEach(t => t.remove()); document.activeElement?.blur()");
      ana.screenshot("docs-dark.png");
      ana.colorScheme("light");
      ana.until(d -> Boolean.FALSE.equals(ana.js("return matchMedia('(prefers-color-scheme: dark)').matches")));
      assertThat((List<?>) ana.js(LOW_CONTRAST)).as("light").isEmpty();
    } finally {
      ana.colorScheme("light");
      ana.js("document.querySelector('ev-timeline details').open = false");
    }
  }

  @Test
  @Order(4)
  @DisplayName("the timeline gives full times and a waterfall bar per command, and no column is cut off")
  void timeline() {
    ana.js("document.querySelector('ev-timeline details').open = true");
    try {
      ana.until(d -> Boolean.TRUE.equals(ana.js("return document.querySelectorAll('ev-timeline tbody tr').length >= 3")));
      @SuppressWarnings("unchecked")
      List<String> sent = (List<String>) ana.js("return [...document.querySelectorAll('ev-timeline tbody tr td.sent')].map(td => td.textContent)");
      assertThat(sent).isNotEmpty().allMatch(t -> t.matches("\\d{2}:\\d{2}:\\d{2}\\.\\d{3}"));
      assertThat(ana.js("return [...document.querySelectorAll('ev-timeline tbody tr')].every(tr => tr.querySelector('.waterfall .to-accepted')"
        + " && tr.querySelector('.waterfall .to-outcome') && tr.querySelector('.waterfall .to-outcome').getBoundingClientRect().width > 0)")).isEqualTo(true);
      assertThat(ana.js("const s = document.querySelector('ev-timeline .scroll'); return s.scrollWidth <= s.clientWidth")).isEqualTo(true);
    } finally {
      ana.js("document.querySelector('ev-timeline details').open = false");
    }
  }

  @Test
  @Order(5)
  @DisplayName("toasts never cover the chaos switch, the timeline, the mode or the last todo, on a desktop and on a phone")
  void toastsCoverNothing() {
    ana.js("document.querySelector('ev-chaos').hidden = false; for (let i = 0; i < 3; i++) {"
      + "document.dispatchEvent(new CustomEvent('ev-toast', {detail: {text: 'a longer message that takes some room ' + i, kind: i ? 'info' : 'error'}}))}");
    for (int width : new int[] {1280, 390}) {
      ana.driver.manage().window().setSize(new Dimension(width, 800));
      try {
        // The height changes too (900 → 800): measured before it lands, the element scrolled into view at the old height
        // ends up below the new one, and what is at its centre is then whatever is there instead.
        ana.until(d -> Boolean.TRUE.equals(ana.js("return window.innerWidth <= arguments[0] && window.innerHeight <= 800", width)));
        Object covered = ana.js("return ['ev-chaos summary', 'ev-timeline summary', '#mode-brave', '#todos li:last-child input[type=checkbox]']"
          + ".filter(s => { const el = document.querySelector(s); el.scrollIntoView({block: 'end'}); const r = el.getBoundingClientRect();"
          + " const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2); return !el.contains(top) && !top?.contains(el) })");
        assertThat((List<?>) covered).as("covered at " + width + " px").isEmpty();
      } finally {
        ana.driver.manage().window().setSize(new Dimension(1280, 900));
      }
    }
  }

  @Test
  @Order(6)
  @DisplayName("closing one of ben's two windows keeps him here for ana: presence is per tab (issue 20.13)")
  void presencePerTab() {
    Api http = new Api(backend.port);
    Api.User dan = http.signup("dan");
    ana.share("dan");
    String listId = (String) ana.js("return document.querySelector('#lists button[aria-current=true]').dataset.id");
    String first = ben.driver.getWindowHandle();
    // A window, not a tab: both stay visible, as two windows side by side do (a hidden tab says goodbye by itself).
    ben.driver.switchTo().newWindow(WindowType.WINDOW);
    ben.driver.get(backend.url());
    ben.until(d -> "Layout".equals(ben.js("return document.querySelector('#list-title span')?.textContent")));
    ana.until(d -> presence(ana).contains("Also here: ben"));
    String second = ben.driver.getWindowHandle();

    ben.driver.switchTo().window(first);
    assertThat(ben.js("return document.visibilityState")).isEqualTo("visible");
    // What the closing tab sends as it goes, awaited here so the server surely has it before dan comes.
    Object left = ben.driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
      + "__eventual.api.presence(arguments[0], false, { tab: __eventual.sync.presence.tab }).then(r => done(r.status), e => done(String(e)))",
      listId);
    assertThat(((Number) left).intValue()).isEqualTo(204);
    ben.driver.close();
    ben.driver.switchTo().window(second);
    assertThat(http.send("PUT", "/api/lists/" + listId + "/presence", dan.cookie(), null).status()).isEqualTo(204);
    ana.until(d -> presence(ana).contains("dan"));
    assertThat(presence(ana)).as("ben's other tab still shows the list").contains("ben");
  }
}
