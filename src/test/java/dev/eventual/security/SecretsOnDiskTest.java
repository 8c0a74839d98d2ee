package dev.eventual.security;

import dev.eventual.support.Api;
import dev.eventual.support.Namespace;
import dev.eventual.support.NodeProcess;
import dev.eventual.support.TestNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** What a node keeps on its disk that holds credentials or secrets is its own user's to read, and nobody else's. */
class SecretsOnDiskTest {

  @Test
  @DisplayName("snapshots, which hold every user's password hash, are written 0600 in a 0700 folder, also one that was 0755")
  void snapshotsOwnerOnly() throws Exception {
    String ns = TestNode.namespace();
    Path dir = Files.createTempDirectory("eventual-snapshots-");
    Path folder = dir.resolve(ns);
    Files.createDirectories(folder);
    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
    try (TestNode node = TestNode.start(ns, "snapshot.dir", dir.toString(), "snapshot.everyEvents", "3", "snapshot.everySeconds", "1")) {
      Api.User ana = node.api.signup(Api.uniqueName("ana"));
      node.api.createList(ana, "one");
      node.api.createList(ana, "two");
      Path snapshot = awaitSnapshot(folder);
      assertThat(new String(Files.readAllBytes(snapshot), StandardCharsets.ISO_8859_1)).as("what is at stake").contains("pbkdf2-sha256$");
      assertThat(mode(snapshot)).as(snapshot.toString()).isEqualTo("rw-------");
      assertThat(mode(folder)).isEqualTo("rwx------");
    } finally {
      Namespace.delete(ns);
      delete(dir);
    }
  }

  @Test
  @DisplayName("a snapshot folder the node creates, parents included, is 0700")
  void newFoldersOwnerOnly() throws Exception {
    String ns = TestNode.namespace();
    Path dir = Files.createTempDirectory("eventual-data-");
    Path root = dir.resolve("data");
    try (TestNode node = TestNode.start(ns, "snapshot.dir", root.resolve("snapshots").toString(), "snapshot.everyEvents", "3",
      "snapshot.everySeconds", "1")) {
      Api.User ana = node.api.signup(Api.uniqueName("ana"));
      node.api.createList(ana, "one");
      node.api.createList(ana, "two");
      Path snapshot = awaitSnapshot(root.resolve("snapshots").resolve(ns));
      assertThat(mode(snapshot)).isEqualTo("rw-------");
      for (Path p : List.of(root, root.resolve("snapshots"), root.resolve("snapshots").resolve(ns))) {
        assertThat(mode(p)).as(p.toString()).isEqualTo("rwx------");
      }
    } finally {
      Namespace.delete(ns);
      delete(dir);
    }
  }

  @Test
  @DisplayName("without auth.secret a node makes one once and keeps it in its data folder, owner-only: a restart signs nobody out")
  void generatedSecretSurvivesARestart() throws Exception {
    String ns = TestNode.namespace();
    Path home = Files.createTempDirectory("eventual-node-");
    Path elsewhere = Files.createTempDirectory("eventual-other-");
    try {
      Api.User ana;
      try (NodeProcess first = NodeProcess.startIn(home, NodeProcess.freePort(), ns, "--auth.secret=")) {
        first.awaitReady(60);
        ana = first.api.signup(Api.uniqueName("ana"));
        assertThat(first.api.get(ana, "/api/me").status()).isEqualTo(200);
      }
      try (NodeProcess again = NodeProcess.startIn(home, NodeProcess.freePort(), ns, "--auth.secret=")) {
        again.awaitReady(60);
        assertThat(again.api.get(ana, "/api/me").status()).as("the cookie from before the restart").isEqualTo(200);
        assertThat(again.api.get(ana, "/api/lists").status()).isEqualTo(200);
      }
      Path secret = home.resolve("data/auth-secret");
      assertThat(mode(secret)).isEqualTo("rw-------");
      assertThat(mode(home.resolve("data"))).isEqualTo("rwx------");
      String kept = Files.readString(secret).strip();
      assertThat(kept.length()).as("at least as strong as auth.secret must be").isGreaterThanOrEqualTo(32);
      try (NodeProcess other = NodeProcess.startIn(elsewhere, NodeProcess.freePort(), ns, "--auth.secret=")) {
        other.awaitReady(60);
        assertThat(other.api.get(ana, "/api/me").status()).as("a node with a secret of its own").isEqualTo(401);
      }
      try (NodeProcess shared = NodeProcess.startIn(elsewhere, NodeProcess.freePort(), ns, "--auth.secret=" + kept)) {
        shared.awaitReady(60);
        assertThat(shared.api.get(ana, "/api/me").status()).as("the kept secret, given as auth.secret").isEqualTo(200);
      }
    } finally {
      Namespace.delete(ns);
      delete(home);
      delete(elsewhere);
    }
  }

  @Test
  @DisplayName("a secret file the node cannot keep, or one too short, stops the start with one line")
  void unusableSecretFile() throws Exception {
    Path dir = Files.createTempDirectory("eventual-short-");
    try {
      Files.writeString(dir.resolve("secret"), "too short\n");
      for (String file : List.of("/proc/eventual-nope/secret", dir.resolve("secret").toString())) {
        NodeProcess.Result r = NodeProcess.run("--auth.secretFile=" + file, "--http.port=0");
        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(2);
        assertThat(r.stderr().strip().lines()).as(r.stderr()).hasSize(1).allMatch(l -> l.startsWith("eventual: ") && l.contains(file));
      }
    } finally {
      delete(dir);
    }
  }

  static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  /** The first snapshot written in {@code folder}: the node writes one within a second of its third event. */
  private static Path awaitSnapshot(Path folder) throws Exception {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (Files.isDirectory(folder)) {
        try (Stream<Path> files = Files.list(folder)) {
          var found = files.filter(p -> p.getFileName().toString().matches("snapshot-\\d{20}\\.bin")).findFirst();
          if (found.isPresent()) {
            return found.get();
          }
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no snapshot in " + folder);
  }

  static void delete(Path dir) throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
