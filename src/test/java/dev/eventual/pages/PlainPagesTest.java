package dev.eventual.pages;

import dev.eventual.support.Api;
import dev.eventual.support.Api.User;
import dev.eventual.support.Namespace;
import dev.eventual.support.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pages without JavaScript over plain HTTP (issue 24): every text escaped, a form post refused without this
 * browser's token or from another origin, one effect for a double submit, and a refusal drawn with the typed text.
 */
class PlainPagesTest {
  static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
    .connectTimeout(Duration.ofSeconds(5)).build();
  static final String HOSTILE_LIST = "<script>alert(\"list\")</script> & 'q'";
  static final String HOSTILE_TODO = "\"><img src=x onerror=alert(1)> & <b>bold</b> 'it'";
  static String ns = TestNode.namespace();
  static TestNode app;
  static User ana;
  static String listId;

  @BeforeAll
  static void start() throws Exception {
    app = TestNode.start(ns);
    ana = app.api.signup(Api.uniqueName("ana"));
    listId = app.api.createList(ana, HOSTILE_LIST);
    app.api.command(ana, "POST", "/api/lists/" + listId + "/todos", new io.vertx.core.json.JsonObject().put("text", HOSTILE_TODO).encode(),
      "Prefer", "wait=10");
  }

  @AfterAll
  static void stop() throws Exception {
    app.close();
    Namespace.delete(ns);
  }

  @Test
  @DisplayName("hostile list names and todo texts are escaped wherever a page shows them: the shell's two scripts are the page's only ones")
  void escapes() throws Exception {
    for (String path : new String[] {"/lists", "/lists/" + listId}) {
      HttpResponse<String> page = get(path);
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
      String body = page.body();
      assertThat(body).doesNotContain("<script>alert").doesNotContain("<img src=x").doesNotContain("<b>bold")
        .doesNotContain("& 'q'").contains("&lt;script&gt;alert(&quot;list&quot;)&lt;/script&gt; &amp; &#39;q&#39;");
      assertThat(Pattern.compile("<script").matcher(body).results().count()).as(path).isEqualTo(2);
    }
    String list = get("/lists/" + listId).body();
    assertThat(list).contains("value=\"&quot;&gt;&lt;img src=x onerror=alert(1)&gt; &amp; &lt;b&gt;bold&lt;/b&gt; &#39;it&#39;\"")
      .contains("aria-label=\"Delete &quot;&gt;&lt;img");
    assertThat(get("/lists/" + listId).headers().firstValue("content-security-policy").orElseThrow()).contains("script-src 'self'");
  }

  @Test
  @DisplayName("a form post without this browser's token, with another session's, or from another origin does nothing")
  void forgedPosts() throws Exception {
    String page = get("/lists/" + listId).body();
    String token = field(page, "token");
    int before = todos();
    HttpResponse<String> none = post("/lists/" + listId + "/todos", null, "key", UUID.randomUUID().toString(), "text", "forged 1");
    assertThat(none.statusCode()).isEqualTo(403);
    assertThat(none.body()).contains("nothing was done").contains("value=\"forged 1\"");
    User ben = app.api.signup(Api.uniqueName("ben"));
    String bens = field(send(HttpRequest.newBuilder(uri("/lists")).header("Cookie", ben.cookie()).GET()).body(), "token");
    assertThat(post("/lists/" + listId + "/todos", null, "token", bens, "key", UUID.randomUUID().toString(), "text", "forged 2")
      .statusCode()).as("ben's token on ana's session").isEqualTo(403);
    HttpResponse<String> foreign = post("/lists/" + listId + "/todos", "http://evil.example", "token", token, "key",
      UUID.randomUUID().toString(), "text", "forged 3");
    assertThat(foreign.statusCode()).isEqualTo(403);
    assertThat(foreign.body()).contains("foreign-origin");
    assertThat(todos()).isEqualTo(before);
    HttpResponse<String> json = send(HttpRequest.newBuilder(uri("/api/lists/" + listId + "/todos")).header("Cookie", ana.cookie())
      .header("Content-Type", "application/x-www-form-urlencoded").header("Idempotency-Key", UUID.randomUUID().toString())
      .POST(HttpRequest.BodyPublishers.ofString("text=x")));
    assertThat(json.statusCode()).as("the JSON endpoints still refuse forms").isEqualTo(415);
  }

  @Test
  @DisplayName("one form sent twice (a double click, a reload of the POST) is one command: both 303 to the list, one todo")
  void doubleSubmit() throws Exception {
    String page = get("/lists/" + listId).body();
    String token = field(page, "token");
    String key = field(page.substring(page.indexOf("id=\"plain-add\"")), "key");
    HttpResponse<String> first = post("/lists/" + listId + "/todos", "http://localhost:" + app.port(), "token", token, "key", key, "text", "once only");
    HttpResponse<String> second = post("/lists/" + listId + "/todos", "http://localhost:" + app.port(), "token", token, "key", key, "text", "once only");
    for (HttpResponse<String> r : List.of(first, second)) {
      assertThat(r.statusCode()).isEqualTo(303);
      assertThat(r.headers().firstValue("location")).hasValue("/lists/" + listId);
    }
    assertThat(get("/lists/" + listId).body().split("data-text=\"once only\"", -1)).hasSize(2);
  }

  @Test
  @DisplayName("a refused command draws its form again with the reason in words and the text typed; a text that shows nothing too")
  void refusalKeepsText() throws Exception {
    String page = get("/lists/" + listId).body();
    String token = field(page, "token");
    HttpResponse<String> r = post("/lists/" + listId + "/members", null, "token", token, "key", UUID.randomUUID().toString(),
      "username", "nobody-" + UUID.randomUUID().toString().substring(0, 6));
    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(r.body()).contains("id=\"error-member\"").containsPattern("No (such )?user").containsPattern("value=\"nobody-[0-9a-f]{6}\"");
    HttpResponse<String> invisible = post("/lists/" + listId + "/todos", null, "token", token, "key", UUID.randomUUID().toString(),
      "text", "\u200B\u200B");
    assertThat(invisible.statusCode()).isEqualTo(422);
    assertThat(invisible.body()).contains("id=\"error-add\"").contains("value=\"\u200B\u200B\"");
  }

  @Test
  @DisplayName("an edit from a page older than another member's edit is a conflict drawn in words, both texts in it, and the typed text kept")
  void conflictInWords() throws Exception {
    User cy = app.api.signup(Api.uniqueName("cy"));
    String shared = app.api.createList(ana, "tickets list");
    assertThat(app.api.share(ana, shared, cy).status()).isLessThan(300);
    app.api.command(ana, "POST", "/api/lists/" + shared + "/todos", "{\"text\":\"tickets\"}", "Prefer", "wait=10");
    String page = get("/lists/" + shared).body();
    Matcher todo = Pattern.compile("action=\"/lists/" + shared + "/todos/([0-9a-f-]{36})\"").matcher(page);
    assertThat(todo.find()).isTrue();
    String todoId = todo.group(1);
    String version = field(page.substring(page.indexOf("id=\"text-" + todoId) - 400), "version");
    assertThat(app.api.command(cy, "PATCH", "/api/lists/" + shared + "/todos/" + todoId, "{\"text\":\"train tickets\"}",
      "Prefer", "wait=10").status()).isEqualTo(200);
    HttpResponse<String> r = post("/lists/" + shared + "/todos/" + todoId, null, "token", field(page, "token"),
      "key", UUID.randomUUID().toString(), "version", version, "text", "tix");
    assertThat(r.statusCode()).isEqualTo(409);
    assertThat(r.body()).contains("id=\"error-edit-" + todoId + "\"").contains("train tickets").contains("value=\"tix\"");
    assertThat(app.node.readModel().state().list(shared).orElseThrow().todos().get(todoId).text()).isEqualTo("train tickets");
  }

  @Test
  @DisplayName("sign-up and sign-in forms: guarded by the form cookie's token, a sign-up posted twice is one account, a wrong password keeps the name only")
  void signUpAndInForms() throws Exception {
    HttpResponse<String> page = send(HttpRequest.newBuilder(uri("/signup")).GET());
    String formCookie = page.headers().allValues("set-cookie").stream().filter(c -> c.startsWith("eventual_form="))
      .findFirst().orElseThrow().split(";")[0];
    assertThat(page.headers().allValues("set-cookie").toString()).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Strict");
    String token = field(page.body(), "token");
    String key = field(page.body(), "key");
    String name = Api.uniqueName("dee");
    String[] form = {"token", token, "key", key, "username", name, "password", "correct horse battery"};
    HttpResponse<String> first = postAs(formCookie, "/signup", form);
    HttpResponse<String> again = postAs(formCookie, "/signup", form);
    for (HttpResponse<String> r : List.of(first, again)) {
      assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
      assertThat(r.headers().firstValue("location")).hasValue("/lists");
      assertThat(r.headers().allValues("set-cookie").toString()).contains("eventual_session=");
    }
    assertThat(app.node.readModel().state().userByName(name)).isPresent();
    assertThat(postAs(null, "/signup", "token", token, "key", UUID.randomUUID().toString(), "username", name + "x",
      "password", "correct horse battery").statusCode()).as("the token without its cookie").isEqualTo(403);
    HttpResponse<String> wrong = postAs(formCookie, "/signin", "token", token, "username", name, "password", "not it at all");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.body()).contains("value=\"" + name + "\"").doesNotContain("not it at all").contains("id=\"error-signin\"");
    assertThat(postAs(formCookie, "/signin", "username", name, "password", "correct horse battery").statusCode()).isEqualTo(403);
    HttpResponse<String> in = postAs(formCookie, "/signin", "token", token, "username", name, "password", "correct horse battery");
    assertThat(in.statusCode()).isEqualTo(303);
    assertThat(in.headers().firstValue("location")).hasValue("/lists");
  }

  @Test
  @DisplayName("invitations without JavaScript: the owner invites by form, the invitee's /lists offers Accept and Decline, accepting makes a member; a member who is not the owner gets no invite form")
  void invitations() throws Exception {
    User ben = app.api.signup(Api.uniqueName("ben"));
    String shared = app.api.createList(ana, "by consent");
    String page = get("/lists/" + shared).body();
    HttpResponse<String> invited = post("/lists/" + shared + "/members", null, "token", field(page, "token"),
      "key", field(page.substring(page.indexOf("id=\"plain-member\"")), "key"), "username", ben.username());
    assertThat(invited.statusCode()).as(invited.body()).isEqualTo(303);
    assertThat(app.node.readModel().state().list(shared).orElseThrow().members()).as("invited, not a member yet")
      .doesNotContain(ben.userId());
    String bens = send(HttpRequest.newBuilder(uri("/lists")).header("Cookie", ben.cookie()).GET()).body();
    assertThat(bens).contains("id=\"plain-invitations\"").contains("Accept by consent").contains("Decline by consent");
    HttpResponse<String> accepted = postAs(ben.cookie(), "/lists/" + shared + "/invitation/accept", "token", field(bens, "token"),
      "key", UUID.randomUUID().toString());
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(303);
    assertThat(accepted.headers().firstValue("location")).hasValue("/lists/" + shared);
    assertThat(app.node.readModel().state().list(shared).orElseThrow().members()).contains(ben.userId());
    String asMember = send(HttpRequest.newBuilder(uri("/lists/" + shared)).header("Cookie", ben.cookie()).GET()).body();
    assertThat(asMember).contains("by consent").doesNotContain("id=\"plain-member\"");
    assertThat(send(HttpRequest.newBuilder(uri("/lists")).header("Cookie", ben.cookie()).GET()).body())
      .doesNotContain("id=\"plain-invitations\"");
  }

  private static HttpResponse<String> postAs(String cookie, String path, String... fields) throws Exception {
    List<String> pairs = new ArrayList<>();
    for (int i = 0; i < fields.length; i += 2) {
      pairs.add(URLEncoder.encode(fields[i], StandardCharsets.UTF_8) + "=" + URLEncoder.encode(fields[i + 1], StandardCharsets.UTF_8));
    }
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
      .POST(HttpRequest.BodyPublishers.ofString(String.join("&", pairs)));
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    return send(b);
  }

  private static int todos() {
    return app.node.readModel().state().list(listId).orElseThrow().todos().size();
  }

  static String field(String html, String name) {
    Matcher m = Pattern.compile("name=\"" + name + "\" value=\"([^\"]+)\"").matcher(html);
    assertThat(m.find()).as("a field " + name).isTrue();
    return m.group(1);
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return send(HttpRequest.newBuilder(uri(path)).header("Cookie", ana.cookie()).GET());
  }

  private static HttpResponse<String> post(String path, String origin, String... fields) throws Exception {
    List<String> pairs = new ArrayList<>();
    for (int i = 0; i < fields.length; i += 2) {
      pairs.add(URLEncoder.encode(fields[i], StandardCharsets.UTF_8) + "=" + URLEncoder.encode(fields[i + 1], StandardCharsets.UTF_8));
    }
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).header("Cookie", ana.cookie())
      .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(String.join("&", pairs)));
    if (origin != null) {
      b.header("Origin", origin);
    }
    return send(b);
  }

  private static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    return CLIENT.send(b.timeout(Duration.ofSeconds(40)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private static URI uri(String path) {
    return URI.create("http://localhost:" + app.port() + path);
  }
}
