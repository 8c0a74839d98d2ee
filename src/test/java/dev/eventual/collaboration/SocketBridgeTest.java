package dev.eventual.collaboration;

import dev.eventual.Addresses;
import dev.eventual.support.AsyncSocket;
import dev.eventual.support.Api;
import dev.eventual.support.Api.User;
import dev.eventual.support.Namespace;
import dev.eventual.support.Scrape;
import dev.eventual.support.Socket;
import dev.eventual.support.OneNode;
import dev.eventual.support.TestNode;
import dev.eventual.support.Xhr;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The socket bridge at /eventbus, through real sockets: what it refuses, and how it delivers. */
class SocketBridgeTest {
  @RegisterExtension
  static final OneNode node = OneNode.with("http.instances", "3");

  static JsonObject err(String code) {
    return new JsonObject().put("type", "err").put("body", code);
  }

  static Socket registered(TestNode node, User user) throws Exception {
    Socket socket = node.socket(user.cookie());
    assertThat(socket.register("user." + user.userId()))
      .isEqualTo(new JsonObject().put("type", "registered").put("address", "user." + user.userId()));
    return socket;
  }

  @Test
  @DisplayName("every address but the socket's own, and every send or publish, is refused with the Vert.x bridge's err frame")
  void refusals() throws Exception {
    User ana = node.api.signup(Api.uniqueName("ana"));
    User bob = node.api.signup(Api.uniqueName("bob"));
    String bobsList = node.api.createList(bob, "bob's");
    try (Socket socket = node.app.socket(ana.cookie())) {
      for (String address : List.of("user." + bob.userId(), "user." + ana.userId().toUpperCase(), "user.*", Addresses.PUSH)) {
        assertThat(socket.register(address)).as(address).isEqualTo(err("access_denied"));
        socket.send(new JsonObject().put("type", "unregister").put("address", address));
        assertThat(socket.next(10)).as(address).isEqualTo(err("access_denied"));
      }
      for (String type : List.of("send", "publish")) {
        socket.send(new JsonObject().put("type", type).put("address", "user." + ana.userId()).put("body", new JsonObject()));
        assertThat(socket.next(10)).as(type).isEqualTo(err("access_denied"));
      }
      node.api.command(bob, "POST", "/api/lists/" + bobsList + "/todos", "{\"text\":\"secret\"}", "Prefer", "wait=10");
      assertThat(socket.register("user." + ana.userId()).getString("type")).isEqualTo("registered");
      String mine = node.api.createList(ana, "mine");
      assertThat(socket.nextMessage(10).getString("listId")).isEqualTo(mine);
    }
  }

  @Test
  @DisplayName("a frame that is not a bridge frame gets an err frame that says why, and the socket goes on working")
  void malformedFrames() throws Exception {
    User ana = node.api.signup(Api.uniqueName("ana"));
    try (Socket socket = node.app.socket(ana.cookie())) {
      String[][] cases = {
        {"not json", "invalid_json"}, {"[1,2]", "invalid_json"}, {"null", "invalid_json"}, {"", "invalid_json"},
        {"{}", "missing_type"}, {"{\"type\":7}", "missing_type"}, {"{\"type\":\"register\"}", "missing_address"},
        {"{\"type\":\"register\",\"address\":7}", "missing_address"}, {"{\"type\":\"rec\",\"address\":\"x\"}", "invalid_type"}};
      for (String[] c : cases) {
        socket.sendRaw(c[0]);
        assertThat(socket.next(10)).as(c[0]).isEqualTo(err(c[1]));
      }
      assertThat(socket.register("user." + ana.userId()).getString("type")).isEqualTo("registered");
    }
    assertThat(node.app.management.get(null, "/health").status()).isEqualTo(200);
  }

  @Test
  @DisplayName("a socket that sends frames but stops reading the answers is closed once they pile up, like a slow reader")
  void answersPileUp() throws Exception {
    User ana = node.api.signup(Api.uniqueName("ana"));
    long closedBefore = node.app.management.get(null, "/health").json().getLong("slowSocketsClosed");
    Socket socket = Socket.connect(node.app.vertx, new WebSocketClientOptions().setReceiveBufferSize(8192), node.app.port(), ana.cookie(), null);
    try {
      socket.pause();
      int sent = 0;
      while (node.app.management.get(null, "/health").json().getLong("slowSocketsClosed") == closedBefore) {
        assertThat(sent).as("frames sent before the socket was closed").isLessThan(2_000_000);
        for (int i = 0; i < 20_000; i++) {
          socket.sendRaw("{\"type\":\"x\"}");
        }
        sent += 20_000;
      }
      socket.resume();
      assertThat(socket.awaitClosed(30)).isTrue();
      assertThat(Scrape.of(node.app).value("eventual_sockets_slow_closed_total")).as("counted in /metrics as in /health")
        .isEqualTo(node.app.management.get(null, "/health").json().getLong("slowSocketsClosed").doubleValue()).isGreaterThan(closedBefore);
    } finally {
      socket.close();
    }
  }

  @Test
  @DisplayName("a socket without a valid session is closed at once and never counted as open")
  void noSession() throws Exception {
    long open = socketsOpen();
    try (Socket anonymous = node.app.socket(null); Socket forged = node.app.socket("eventual_session=forged.token")) {
      assertThat(anonymous.awaitClosed(10)).isTrue();
      assertThat(forged.awaitClosed(10)).isTrue();
    }
    assertThat(socketsOpen()).isEqualTo(open);
  }

  @Test
  @DisplayName("each event reaches every registered socket of every member, whichever HTTP instance holds it, framed for its user")
  void delivery() throws Exception {
    User ana = node.api.signup(Api.uniqueName("ana"));
    User bob = node.api.signup(Api.uniqueName("bob"));
    String listId = node.api.createList(ana, "shared");
    node.api.share(ana, listId, bob);
    List<Socket> anas = new ArrayList<>();
    try (Socket bobs = registered(node.app, bob)) {
      for (int i = 0; i < 6; i++) {
        anas.add(registered(node.app, ana));
      }
      String commandId = node.api.command(ana, "POST", "/api/lists/" + listId + "/todos", "{\"text\":\"milk\"}").json().getString("commandId");
      JsonObject forBob = frame(bobs);
      assertThat(forBob.fieldNames()).containsExactly("type", "address", "body");
      assertThat(forBob.getString("type")).isEqualTo("rec");
      assertThat(forBob.getString("address")).isEqualTo("user." + bob.userId());
      assertThat(forBob.getJsonObject("body").getString("commandId")).isEqualTo(commandId);
      for (Socket socket : anas) {
        assertThat(frame(socket)).isEqualTo(forBob.copy().put("address", "user." + ana.userId()));
      }
    } finally {
      anas.forEach(Socket::close);
    }
  }

  @Test
  @DisplayName("after unregister a socket gets nothing more, while the user's other sockets still do; registering again resumes it")
  void unregister() throws Exception {
    User ana = node.api.signup(Api.uniqueName("ana"));
    String listId = node.api.createList(ana, "quiet");
    try (Socket first = registered(node.app, ana); Socket second = registered(node.app, ana); Socket third = registered(node.app, ana)) {
      second.send(new JsonObject().put("type", "unregister").put("address", "user." + ana.userId()));
      second.sendRaw("{}");
      assertThat(second.next(10)).as("frames are handled in order: the unregister is done").isEqualTo(err("missing_type"));
      String one = addTodo(ana, listId, "one");
      assertThat(first.nextMessage(10).getString("commandId")).isEqualTo(one);
      assertThat(third.nextMessage(10).getString("commandId")).isEqualTo(one);
      assertThat(second.register("user." + ana.userId()).getString("type")).isEqualTo("registered");
      String two = addTodo(ana, listId, "two");
      assertThat(second.nextMessage(10).getString("commandId")).isEqualTo(two);
      assertThat(first.nextMessage(10).getString("commandId")).isEqualTo(two);
    }
  }

  @Test
  @DisplayName("a socket that stops pinging is closed after socket.pingTimeoutSeconds; one that pings stays open")
  void pingTimeout() throws Exception {
    String quickNs = TestNode.namespace();
    try (TestNode quick = TestNode.start(quickNs, "socket.pingTimeoutSeconds", "1")) {
      User ana = quick.api.signup(Api.uniqueName("ana"));
      try (Socket silent = registered(quick, ana); Socket lively = registered(quick, ana)) {
        long pinger = quick.vertx.setPeriodic(200, id -> lively.send(new JsonObject().put("type", "ping")));
        try {
          assertThat(silent.awaitClosed(10)).isTrue();
          assertThat(lively.isClosed()).isFalse();
          String listId = quick.api.createList(ana, "still here");
          assertThat(lively.nextMessage(10).getString("listId")).isEqualTo(listId);
        } finally {
          quick.vertx.cancelTimer(pinger);
        }
      }
    } finally {
      Namespace.delete(quickNs);
    }
  }

  @Test
  @DisplayName("sockjs-client's XHR transport speaks the same protocol, with the same rules")
  void sockJsXhr() throws Exception {
    User ana = node.api.signup(Api.uniqueName("ana"));
    User bob = node.api.signup(Api.uniqueName("bob"));
    Xhr xhr = new Xhr(node.app.port());
    assertThat(xhr.poll(ana.cookie()).body()).isEqualTo("o\n");
    assertThat(xhr.send(ana.cookie(), new JsonObject(AsyncSocket.registerFrame("user." + bob.userId()))).statusCode()).isEqualTo(204);
    assertThat(Xhr.frames(xhr.poll(ana.cookie()))).containsExactly(err("access_denied"));
    assertThat(xhr.send(ana.cookie(), new JsonObject(AsyncSocket.registerFrame("user." + ana.userId()))).statusCode()).isEqualTo(204);
    assertThat(Xhr.frames(xhr.poll(ana.cookie())))
      .containsExactly(new JsonObject().put("type", "registered").put("address", "user." + ana.userId()));
    String listId = node.api.createList(ana, "over xhr");
    List<JsonObject> pushed = Xhr.frames(xhr.poll(ana.cookie()));
    assertThat(pushed).hasSize(1);
    assertThat(pushed.get(0).getString("address")).isEqualTo("user." + ana.userId());
    assertThat(pushed.get(0).getJsonObject("body").getString("listId")).isEqualTo(listId);

    Xhr anonymous = new Xhr(node.app.port());
    assertThat(anonymous.poll(null).body()).isEqualTo("o\n");
    assertThat(anonymous.poll(null).body()).startsWith("c[");
  }

  @Test
  @DisplayName("a register is acknowledged only when its headers ask (ack: true), so the stock Vert.x client never gets a frame it cannot read")
  void ackOnlyWhenAsked() throws Exception {
    User ana = node.api.signup(Api.uniqueName("ana"));
    try (Socket socket = node.app.socket(ana.cookie())) {
      socket.send(new JsonObject().put("type", "register").put("address", "user." + ana.userId()).put("headers", new JsonObject()));
      socket.sendRaw("{}");
      assertThat(socket.next(10)).as("frames are answered in order: nothing came for the register").isEqualTo(err("missing_type"));
      String listId = node.api.createList(ana, "registered all the same");
      assertThat(frame(socket).getJsonObject("body").getString("listId")).isEqualTo(listId);
    }
  }

  private static JsonObject frame(Socket socket) throws InterruptedException {
    JsonObject frame;
    do {
      frame = socket.next(10);
    } while (frame != null && !"rec".equals(frame.getString("type")));
    return frame;
  }

  private static String addTodo(User user, String listId, String text) {
    return node.api.command(user, "POST", "/api/lists/" + listId + "/todos", new JsonObject().put("text", text).encode(), "Prefer", "wait=10")
      .headers().firstValue("location").orElseThrow().replace("/api/commands/", "");
  }

  private static long socketsOpen() {
    Matcher m = Pattern.compile("(?m)^eventual_sockets_open (\\S+)").matcher(node.app.management.get(null, "/metrics").body());
    assertThat(m.find()).isTrue();
    return (long) Double.parseDouble(m.group(1));
  }
}
