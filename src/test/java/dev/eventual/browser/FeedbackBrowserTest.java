package dev.eventual.browser;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.Keys;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the page tells ana (issue 12): every rejection seen and kept, her own successes quiet, ben's changes grouped,
 * pending on the row in Safe mode, words that match the state, and what cannot work now disabled with a reason.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FeedbackBrowserTest {
  @RegisterExtension
  static final Pages pages = new Pages(new JsonObject().put("chaos.enabled", "true"));
  static Backend backend;
  static Browser ana;
  static Browser ben;

  /** What the sign-in page said before anyone signed in, and its error message once the user typed again. */
  static String statusBeforeSignIn;
  static String messageAfterFailure;
  static String messageAfterTyping;

  @BeforeAll
  static void start() throws Exception {
    backend = pages.backend();
    ana = pages.browser("ana");
    ben = pages.signedUp("ben");
    ana.find("#auth-username");
    statusBeforeSignIn = ana.connection();
    ana.find("#auth-username").sendKeys("ana");
    ana.find("#auth-password").sendKeys("wrong password");
    ana.find("#login").click();
    messageAfterFailure = ana.until(d -> ana.find("#auth-message").getText().isEmpty() ? null : ana.find("#auth-message").getText());
    ana.find("#auth-password").sendKeys("!");
    messageAfterTyping = ana.find("#auth-message").getText();
    ana.find("#auth-password").clear();
    ana.find("#auth-password").sendKeys("correct horse battery");
    ana.find("#signup").click();
    ana.until(d -> "open".equals(ana.js("return document.querySelector('#connection')?.dataset.bus")));
  }

  @Test
  @Order(1)
  @DisplayName("the sign-in page says nothing of live updates, and a failed sign-in's message goes once the user types")
  void signInWords() {
    assertThat(statusBeforeSignIn).doesNotContain("Live");
    assertThat(messageAfterFailure).contains("wrong password");
    assertThat(messageAfterTyping).isEmpty();
  }

  @Test
  @Order(2)
  @DisplayName("a new list opens at once; rename and delete ask in the page's own dialog")
  void createOpensAndDialogs() {
    ana.find("#new-list-name").sendKeys("Draft" + Keys.ENTER);
    ana.until(d -> "Draft".equals(ana.js("return document.querySelector('#list-title span')?.textContent")));
    ana.find("#rename-list").click();
    ana.until(d -> Boolean.TRUE.equals(ana.js("return !!document.querySelector('dialog[open] input')")));
    ana.js("document.querySelector('dialog[open] input').select()");
    ana.keys("Feedback" + Keys.ENTER);
    ana.until(d -> "Feedback".equals(ana.js("return document.querySelector('#list-title span')?.textContent"))
      && ana.pendingTexts().isEmpty());
    ana.find("#delete-list").click();
    ana.until(d -> Boolean.TRUE.equals(ana.js("return !!document.querySelector('dialog[open]')")));
    assertThat(ana.find("dialog[open]").getText()).contains("Delete 'Feedback' for every member?");
    ana.find("dialog[open] button.cancel").click();
    ana.until(d -> Boolean.TRUE.equals(ana.js("return !document.querySelector('dialog[open]')")));
    // With a list open, a new one opens too (the first list of all always did).
    ana.find("#new-list-name").sendKeys("Scratch" + Keys.ENTER);
    ana.until(d -> "Scratch".equals(ana.js("return document.querySelector('#list-title span')?.textContent")));
    ana.openList("Feedback");
    ana.share("ben");
    ben.openList("Feedback");
  }

  @Test
  @Order(3)
  @DisplayName("her own success is quiet, ben's three changes are one toast, and an error stays through five others until dismissed")
  void toasts() {
    ana.addTodo("one");
    ana.until(d -> ana.confirmedTodos().contains("one"));
    assertThat(ana.toasts()).noneMatch(t -> t.contains("Done"));
    for (String text : List.of("b1", "b2", "b3")) {
      ben.addTodo(text);
    }
    ana.until(d -> ana.toasts().stream().anyMatch(t -> t.contains("ben made 3 changes in 'Feedback'")));
    assertThat(ana.toasts().stream().filter(t -> t.contains("ben"))).hasSize(1);

    ana.find("#share-username").sendKeys("nobody-here" + Keys.ENTER);
    ana.until(d -> ana.errors().stream().anyMatch(t -> t.contains("no user named 'nobody-here'")));
    for (int i = 1; i <= 5; i++) {
      ana.js("document.dispatchEvent(new CustomEvent('ev-toast', {detail: {text: 'note ' + arguments[0], kind: 'info'}}))", i);
    }
    assertThat(ana.errors()).anyMatch(t -> t.contains("no user named 'nobody-here'"));
    ana.until(d -> ana.toasts().stream().noneMatch(t -> t.contains("note ")));
    assertThat(ana.errors()).anyMatch(t -> t.contains("no user named 'nobody-here'"));
    ana.find("ev-toasts .toast-error button").click();
    ana.until(d -> ana.errors().isEmpty());
  }

  @Test
  @Order(4)
  @DisplayName("in Safe mode a tick shows as pending on the row itself, and clicking again sends nothing more")
  void safeModePendingRow() {
    ana.mode("safe");
    backend.node.chaos().update(0, 2500, 2500, 0);
    try {
      ana.tick("one");
      ana.until(d -> Set.of("sending", "accepted").contains(ana.todoStatus("one")));
      assertThat(ana.js("return document.querySelector('#todos li[data-text=\"one\"] .todo-status').textContent")).isEqualTo("saving…");
      ana.js("document.querySelector(\"input[aria-label='Done: one']\").click()");
      ana.until(d -> "confirmed".equals(ana.todoStatus("one")));
      assertThat(ana.js("return document.querySelector('#todos li[data-text=\"one\"]').classList.contains('done')")).isEqualTo(true);
      assertThat(ana.js("return __eventual.sync.store.all().filter(c => c.args.completed !== undefined).length")).isEqualTo(1L);
    } finally {
      backend.node.chaos().update(0, 0, 0, 0);
    }
  }

  @Test
  @Order(5)
  @DisplayName("during an outage the status says one thing, a waiting change is not called offline, and sharing is disabled with a reason")
  void outageWords() {
    ana.mode("brave");
    backend.node.chaos().update(1, 0, 0, 0);
    try {
      ana.addTodo("during outage");
      // One look at the whole page the moment the breaker opens: the words must agree with each other.
      String seen = ana.until(Duration.ofSeconds(40), d -> (String) ana.js("const c = document.querySelector('#connection').textContent;"
        + "return c.includes('Server unreachable') ? [c, document.querySelector('#todos li[data-text=\"during outage\"] .todo-status').textContent,"
        + " document.querySelector('#share').disabled, document.querySelector('#list-degraded').textContent].join(' | ') : null"));
      assertThat(seen).doesNotContain("Live").doesNotContain("offline").doesNotContain("Offline")
        .contains("| true |").contains("Sharing");
      // From here every change of the status line, the degraded banner and the Share button is written down, until
      // the breaker has opened twice more (its probe of /health is answered, the commands still fail): one state.
      ana.js("""
        window.__outage = new Set(); window.__opened = 0;
        const note = () => window.__outage.add([document.querySelector('#connection').textContent,
          document.querySelector('#list-degraded').hidden, document.querySelector('#share').disabled].join(' | '));
        note();
        new MutationObserver(note).observe(document.querySelector('main').parentElement, { subtree: true, childList: true,
          characterData: true, attributes: true, attributeFilter: ['hidden', 'disabled'] });
        __eventual.api.breaker.onChange((state) => { if (state === 'open') window.__opened += 1; });
        """);
      ana.until(Duration.ofSeconds(90), d -> ((Number) ana.js("return window.__opened")).intValue() >= 2);
      @SuppressWarnings("unchecked")
      List<String> states = (List<String>) ana.js("return [...window.__outage]");
      assertThat(states).as("what the page said while the server stayed down").hasSize(1);
      assertThat(states.get(0)).startsWith("Server unreachable").endsWith("| false | true");
    } finally {
      backend.node.chaos().update(0, 0, 0, 0);
    }
    ana.until(Duration.ofSeconds(60), d -> ana.confirmedTodos().contains("during outage"));
    assertThat(ana.find("#share").isEnabled()).isTrue();

    ana.offline(true);
    assertThat(ana.find("#delete-list").isEnabled()).isFalse();
    assertThat(ana.find("#list-degraded").getText()).contains("offline");
    ana.offline(false);
    ana.until(d -> ana.find("#delete-list").isEnabled());
    ana.mode("safe");
  }

  @Test
  @Order(6)
  @DisplayName("toasts take at most ~15 % of the screen, the rest behind '+N more', and name a list by its name now")
  void toastsStackAndNameTheList() throws Exception {
    for (int width : new int[] {1280, 390}) {
      ana.driver.manage().window().setSize(new org.openqa.selenium.Dimension(width, width == 390 ? 844 : 800));
      ana.until(d -> ((Number) ana.js("return window.innerWidth")).intValue() <= width);
      ana.js("for (let i = 0; i < 6; i++) document.dispatchEvent(new CustomEvent('ev-toast', {detail: {"
        + "text: 'a message that takes some room, number ' + i, kind: i < 2 ? 'error' : 'info'}}))");
      String room = "const t = document.querySelector('ev-toasts').getBoundingClientRect(); return t.height / window.innerHeight";
      assertThat(((Number) ana.js(room)).doubleValue()).as("share of the screen at " + width).isLessThanOrEqualTo(0.155);
      String more = ana.find("ev-toasts .more-toasts").getText();
      assertThat(more).matches("\\+\\d+ more");
      long hidden = (Long) ana.js("return document.querySelectorAll('ev-toasts .toast[hidden]').length");
      assertThat(more).isEqualTo("+" + hidden + " more");
      ana.find("ev-toasts .more-toasts").click();
      assertThat(((Number) ana.js(room)).doubleValue()).as("opened, still").isLessThanOrEqualTo(0.155);
      assertThat(ana.js("return document.querySelectorAll('ev-toasts .toast[hidden]').length")).isEqualTo(0L);
      ana.js("document.querySelectorAll('ev-toasts .toast').forEach(t => t.remove())");
    }
    ana.driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));

    for (String text : List.of("n1", "n2", "n3")) {
      ben.addTodo(text);
    }
    ana.until(d -> ana.toasts().stream().anyMatch(t -> t.contains("ben made 3 changes in 'Feedback'")));
    String listId = (String) ana.js("return document.querySelector('#lists button[aria-current=true]').dataset.id");
    ana.js("__eventual.sync.submit('list-rename', {listId: arguments[0], name: 'Feedback renamed', previousName: 'Feedback'})", listId);
    ana.until(d -> ana.toasts().stream().anyMatch(t -> t.contains("ben made 3 changes in 'Feedback renamed'")));
    ana.js("__eventual.sync.submit('list-rename', {listId: arguments[0], name: 'Feedback', previousName: 'Feedback renamed'})", listId);
    ana.until(d -> "Feedback".equals(ana.js("return document.querySelector('#list-title span')?.textContent")));

    ana.find("#new-list-name").sendKeys("Gift ideas" + Keys.ENTER);
    ana.until(d -> "Gift ideas".equals(ana.js("return document.querySelector('#list-title span')?.textContent")));
    ana.share("ben");
    ben.until(d -> ben.toasts().stream().anyMatch(t -> t.contains("ana invited you to 'Gift ideas'")));
    ben.until(d -> ben.toasts().stream().anyMatch(t -> t.contains("You joined 'Gift ideas'")));
    ana.openList("Feedback");
  }

  @Test
  @Order(7)
  @DisplayName("one state per change: a change that needed a retry says 'accepted' alone once accepted, and Optimistic never says 'still processing'")
  void oneStatePerChange() {
    ana.mode("optimistic");
    patience(ana, "1");
    ana.js("""
      window.__said = new Set();
      new MutationObserver(() => document.querySelectorAll('#pending li, #adding li, #todos li .todo-status')
        .forEach((el) => window.__said.add(el.textContent))).observe(document.querySelector('ev-list'),
        { subtree: true, childList: true, characterData: true });
      """);
    backend.node.chaos().update(1, 0, 0, 0);
    try {
      ana.addTodo("retried");
      ana.until(Duration.ofSeconds(20), d -> ana.pendingTexts().stream().anyMatch(p -> p.contains("sending again")));
      backend.node.chaos().update(0, 2500, 2500, 0);
      ana.until(Duration.ofSeconds(30), d -> "accepted".equals(ana.todoStatus("retried")));
      assertThat(ana.pendingTexts()).anyMatch(p -> p.equals("add 'retried'accepted"));
      ana.until(Duration.ofSeconds(30), d -> "confirmed".equals(ana.todoStatus("retried")));
    } finally {
      backend.node.chaos().update(0, 0, 0, 0);
      patience(ana, "10");
      ana.mode("safe");
    }
    @SuppressWarnings("unchecked")
    List<String> said = (List<String>) ana.js("return [...window.__said]");
    assertThat(said).noneMatch(t -> t.contains("accepted") && t.contains("again"))
      .noneMatch(t -> t.contains("still processing")).noneMatch(t -> t.contains("retrying"));
  }

  @Test
  @Order(8)
  @DisplayName("a new todo shows where ana looks: under the input while on its way in Safe mode, then its row in view, marked")
  void newTodoInView() {
    ana.mode("safe");
    ben.js("for (let i = 0; i < 40; i++) __eventual.sync.submit('todo-create', {listId: arguments[0], text: 'filler ' + i})",
      ana.js("return document.querySelector('#lists button[aria-current=true]').dataset.id"));
    ana.until(Duration.ofSeconds(30), d -> ana.confirmedTodos().contains("filler 39"));
    ana.js("document.querySelector('main').scrollTop = 0; document.querySelector('#new-todo').focus()");
    backend.node.chaos().update(0, 1500, 1500, 0);
    try {
      ana.addTodo("far down");
      String inView = "const r = arguments[0].getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight";
      ana.until(d -> Boolean.TRUE.equals(ana.js("const li = document.querySelector('#adding li[data-text=\"far down\"]');"
        + "if (!li) return false; const r = li.getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight")));
      assertThat(ana.todos()).as("Safe mode: not in the list before its event").doesNotContain("far down");
      ana.until(Duration.ofSeconds(20), d -> Boolean.TRUE.equals(ana.js("const li = document.querySelector('#todos li[data-text=\"far down\"]');"
        + "if (!li || !li.classList.contains('arrived')) return false;" + inView.replace("arguments[0]", "li"))));
      assertThat(ana.js("return document.activeElement.id")).as("typing goes on where it was").isEqualTo("new-todo");
    } finally {
      backend.node.chaos().update(0, 0, 0, 0);
    }
  }

  private static void patience(Browser b, String seconds) {
    var input = b.find("#patience");
    input.clear();
    input.sendKeys(seconds + Keys.TAB);
  }
}
