package dev.eventual.snapshot;

import com.rabbitmq.client.ConnectionFactory;
import dev.eventual.config.Settings;
import dev.eventual.support.Api;
import dev.eventual.support.Api.Response;
import dev.eventual.support.Api.User;
import dev.eventual.support.Namespace;
import dev.eventual.support.NodeProcess;
import dev.eventual.support.TestNode;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static dev.eventual.support.Moves.move;
import static dev.eventual.support.Moves.todo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node starts from its newest snapshot and reads the log after it, with everything a full replay would give:
 * lists, members, todos, a finished move, ended sessions, and the outcomes that keep a resent Idempotency-Key from
 * being a second command. A snapshot that is corrupt, truncated, of another format or namespace, or of a stream that
 * was deleted and declared again, is named in one line and the node replays the whole log instead.
 */
class SnapshotTest {
  static final String BROKER = "amqp://guest:guest@localhost:5672";

  @Test
  @DisplayName("a node restarts from its snapshot plus the log after it, with all a full replay would give; the last two snapshots are kept")
  void restart() throws Exception {
    String ns = TestNode.namespace();
    try {
      User ana;
      User ben;
      User gone;
      String groceries;
      String key = UUID.randomUUID().toString();
      String keyedList;
      String work;
      List<JsonObject> seen = new ArrayList<>();
      long cursor;
      try (NodeProcess a = NodeProcess.start(ns, "--snapshot.everyEvents", "8", "--snapshot.everySeconds", "1")) {
        ana = a.api.signup(Api.uniqueName("ana"));
        ben = a.api.signup(Api.uniqueName("ben"));
        groceries = a.api.createList(ana, "Groceries");
        work = a.api.createList(ana, "Work");
        assertThat(a.api.share(ana, groceries, ben).status()).isIn(200, 201, 202);
        for (int i = 0; i < 12; i++) {
          todo(a.api, ana, groceries, "item " + i);
        }
        String milk = todo(a.api, ben, groceries, "milk");
        assertThat(move(a.api, ana, UUID.randomUUID().toString(), groceries, milk, work, "Prefer", "wait=10").status()).isEqualTo(200);
        Response created = a.api.commandWithKey(ana, key, "POST", "/api/lists", "{\"name\":\"keyed\"}", "Prefer", "wait=10");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        keyedList = created.json().getString("listId");
        // A second session of ben's, ended: the snapshot must keep refusing it.
        Response login = a.api.send("POST", "/api/auth/login", null,
          new JsonObject().put("username", ben.username()).put("password", "password-1").encode());
        gone = new User(ben.userId(), ben.username(), login.cookie());
        assertThat(a.api.send("POST", "/api/auth/logout", gone.cookie(), null).status()).isEqualTo(204);
        cursor = settled(a);
        assertThat(a.lines()).filteredOn(l -> l.text().contains("snapshot written at cursor")).hasSizeGreaterThanOrEqualTo(3);
      }
      Path folder = Settings.from(TestNode.config(ns)).snapshotFolder();
      try (Stream<Path> files = Files.list(folder)) {
        assertThat(files.map(p -> p.getFileName().toString()).sorted().toList()).as("the last two kept, nothing half-written")
          .hasSize(2).allMatch(n -> n.matches("snapshot-\\d{20}\\.bin")).last().isEqualTo(String.format("snapshot-%020d.bin", cursor));
      }
      // A node that writes no snapshots starts from it and adds to the log: the tail the next start reads after it.
      try (NodeProcess t = NodeProcess.start(ns, "--snapshot.everyEvents", "0")) {
        assertThat(t.lines()).anyMatch(l -> l.text().contains("read model restored from snapshot at cursor " + cursor));
        todo(t.api, ben, groceries, "after the snapshot");
        for (String listId : List.of(groceries, work, keyedList)) {
          seen.add(t.api.get(ana, "/api/lists/" + listId).json());
        }
        seen.add(new JsonObject().put("lists", t.api.get(ana, "/api/lists").array()));
      }

      try (NodeProcess b = NodeProcess.start(ns, "--snapshot.everyEvents", "0")) {
        assertThat(b.lines()).anyMatch(l -> l.text().contains("read model restored from snapshot at cursor " + cursor));
        assertThat(b.management.send("GET", "/health", null, null).json().getJsonObject("snapshot").getLong("restoredFrom")).isEqualTo(cursor);
        List<JsonObject> now = new ArrayList<>();
        for (JsonObject list : seen.subList(0, 3)) {
          now.add(b.api.get(ana, "/api/lists/" + list.getString("listId")).json());
        }
        now.add(new JsonObject().put("lists", b.api.get(ana, "/api/lists").array()));
        assertThat(now).isEqualTo(seen);
        Response again = b.api.commandWithKey(ana, key, "POST", "/api/lists", "{\"name\":\"keyed\"}", "Prefer", "wait=10");
        assertThat(again.json().getString("listId")).as("the key's command, not a second one").isEqualTo(keyedList);
        assertThat(new JsonObject().put("lists", b.api.get(ana, "/api/lists").array())).isEqualTo(seen.get(3));
        assertThat(b.api.command(gone, "POST", "/api/lists", "{\"name\":\"after logout\"}").status()).isEqualTo(401);
        assertThat(todo(b.api, ben, groceries, "still works")).isNotNull();
        seen.set(0, b.api.get(ana, "/api/lists/" + groceries).json());
      }
      // The newest snapshot damaged: the one before it is used, and the log read from there.
      Path newest = folder.resolve(String.format("snapshot-%020d.bin", cursor));
      long older;
      try (Stream<Path> files = Files.list(folder)) {
        older = Long.parseLong(files.filter(p -> !p.equals(newest)).findFirst().orElseThrow().getFileName().toString().replaceAll("\\D", ""));
      }
      try (RandomAccessFile f = new RandomAccessFile(newest.toFile(), "rw")) {
        f.seek(f.length() - 20);
        f.write(0x55 ^ f.readByte());
      }
      try (NodeProcess c = NodeProcess.start(ns, "--snapshot.everyEvents", "0")) {
        assertThat(c.lines()).anyMatch(l -> l.text().contains(newest.getFileName() + " not used, corrupt or truncated"))
          .anyMatch(l -> l.text().contains("read model restored from snapshot at cursor " + older));
        assertThat(c.api.get(ana, "/api/lists/" + groceries).json()).isEqualTo(seen.get(0));
      }
    } finally {
      Namespace.delete(ns);
    }
  }

  @Test
  @DisplayName("kill -9 while a snapshot is half written: the next start uses the one before it, and every accepted command counts")
  void crashWhileWriting() throws Exception {
    String ns = TestNode.namespace();
    try {
      User ana;
      String listId;
      List<String> accepted = new ArrayList<>();
      List<String> texts = new ArrayList<>();
      String unanswered = null;
      long first;
      try (NodeProcess a = NodeProcess.start(ns, "--snapshot.everyEvents", "5", "--chaos.enabled", "true",
        "--chaos.haltInSnapshot", "2")) {
        ana = a.api.signup(Api.uniqueName("ana"));
        listId = a.api.createList(ana, "kept");
        for (int i = 0; i < 500; i++) {
          try {
            Response r = a.api.command(ana, "POST", "/api/lists/" + listId + "/todos", new JsonObject().put("text", "item " + i).encode());
            assertThat(r.status()).isEqualTo(202);
            accepted.add(r.json().getString("commandId"));
            texts.add("item " + i);
          } catch (AssertionError down) {
            unanswered = "item " + i; // the node halted: this one may be in the queue without its 202 having come back
            break;
          }
        }
        assertThat(a.awaitExit(30)).as("the node halted itself").isEqualTo(137);
        assertThat(a.lines()).anyMatch(l -> l.text().contains("halting the JVM while snapshot"));
        String line = a.lines().stream().map(NodeProcess.Line::text).filter(t -> t.contains("snapshot written at cursor"))
          .findFirst().orElseThrow();
        first = Long.parseLong(line.replaceAll(".*snapshot written at cursor (\\d+).*", "$1"));
      }
      Path folder = Settings.from(TestNode.config(ns)).snapshotFolder();
      try (Stream<Path> files = Files.list(folder)) {
        assertThat(files.map(p -> p.getFileName().toString()).sorted().toList()).as("the one before, and the half-written one")
          .hasSize(2).first().isEqualTo(String.format("snapshot-%020d.bin", first));
      }
      try (NodeProcess b = NodeProcess.start(ns, "--snapshot.everyEvents", "0")) {
        assertThat(b.lines()).anyMatch(l -> l.text().contains("read model restored from snapshot at cursor " + first));
        for (String commandId : accepted) {
          Response outcome = b.api.send("GET", "/api/commands/" + commandId, ana.cookie(), null, "Prefer", "wait=20");
          assertThat(outcome.json().getString("status")).as(outcome.toString()).isEqualTo("succeeded");
        }
        List<String> kept = b.api.get(ana, "/api/lists/" + listId).json().getJsonArray("todos").stream()
          .map(t -> ((JsonObject) t).getString("text")).toList();
        List<String> withUnanswered = new ArrayList<>(texts);
        withUnanswered.add(unanswered);
        assertThat(kept).as("every accepted todo once, and maybe the one whose answer the halt cut off").isIn(texts, withUnanswered);
      }
    } finally {
      Namespace.delete(ns);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"corrupt", "truncated", "old format", "other namespace", "stream declared again"})
  @DisplayName("a snapshot that does not fit is named in one line, and the node replays the whole log instead")
  void unusable(String how) throws Exception {
    String ns = TestNode.namespace();
    String other = TestNode.namespace();
    try {
      User ana;
      String listId;
      try (NodeProcess a = NodeProcess.start(ns, "--snapshot.everyEvents", "5", "--snapshot.everySeconds", "1")) {
        ana = a.api.signup(Api.uniqueName("ana"));
        listId = a.api.createList(ana, "kept");
        for (int i = 0; i < 5; i++) {
          todo(a.api, ana, listId, "item " + i);
        }
        settled(a);
      }
      Path folder = Settings.from(TestNode.config(ns)).snapshotFolder();
      Path file;
      try (Stream<Path> files = Files.list(folder)) {
        file = files.filter(p -> p.toString().endsWith(".bin")).sorted().reduce((x, y) -> y).orElseThrow();
      }
      try (Stream<Path> files = Files.list(folder)) {
        for (Path older : files.filter(p -> !p.equals(file)).toList()) {
          Files.delete(older);
        }
      }
      String startIn = ns;
      String reason;
      switch (how) {
        case "corrupt" -> {
          try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(f.length() / 2);
            int b = f.read();
            f.seek(f.length() / 2);
            f.write(b ^ 0x5a);
          }
          reason = "corrupt or truncated";
        }
        case "truncated" -> {
          try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(f.length() * 2 / 3);
          }
          reason = "corrupt or truncated";
        }
        case "old format" -> {
          try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(8);
            f.writeInt(0);
          }
          reason = "format 0, this node reads";
        }
        case "other namespace" -> {
          Path theirs = Settings.from(TestNode.config(other)).snapshotFolder();
          Files.createDirectories(theirs);
          Files.copy(file, theirs.resolve(file.getFileName()));
          startIn = other;
          reason = "of namespace " + ns;
        }
        default -> {
          // The namespace's stream deleted and declared again with other events: offsets restart, eventIds differ.
          ConnectionFactory factory = new ConnectionFactory();
          factory.setUri(BROKER);
          try (var c = factory.newConnection("snapshot-test"); var ch = c.createChannel()) {
            ch.queueDelete(ns + ".events");
          }
          try (NodeProcess fresh = NodeProcess.start(ns, "--snapshot.everyEvents", "0")) {
            ana = fresh.api.signup(Api.uniqueName("ana"));
            listId = fresh.api.createList(ana, "new");
            for (int i = 0; i < 8; i++) {
              todo(fresh.api, ana, listId, "new " + i);
            }
          }
          reason = "as when the snapshot was taken"; // the new log is longer: there is an entry at the cursor, another one
        }
      }
      try (NodeProcess b = NodeProcess.start(startIn, "--snapshot.everyEvents", "0")) {
        String expected = reason;
        assertThat(b.lines()).as("the log names the snapshot and why")
          .anyMatch(l -> l.text().contains("not used") && l.text().contains(expected))
          .anyMatch(l -> l.text().contains("replaying the log from the start"));
        assertThat(b.management.send("GET", "/health", null, null).json().getJsonObject("snapshot").getLong("restoredFrom")).isEqualTo(-1L);
        if (startIn.equals(ns)) {
          JsonObject list = b.api.get(ana, "/api/lists/" + listId).json();
          assertThat(list.getJsonArray("todos")).as("all of the log, replayed").hasSize(how.equals("stream declared again") ? 8 : 5);
        }
      }
    } finally {
      Namespace.delete(ns);
      Namespace.delete(other);
    }
  }

  /**
   * Once the node's latest snapshot covers all it has folded (with snapshot.everySeconds=1, a second after the last
   * event at most): its cursor. No snapshot is being written then, so the folder holds what it will hold.
   */
  private static long settled(NodeProcess node) throws Exception {
    for (int i = 0; i < 60; i++) {
      JsonObject health = node.management.send("GET", "/health", null, null).json();
      long cursor = health.getLong("cursor");
      if (health.getJsonObject("snapshot").getLong("lastAt") == cursor) {
        return cursor;
      }
      node.await(l -> l.contains("snapshot written at cursor " + cursor), 5);
    }
    throw new AssertionError("no snapshot caught up with the node's cursor");
  }
}
