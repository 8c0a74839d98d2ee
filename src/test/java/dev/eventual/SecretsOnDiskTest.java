package dev.eventual;

import dev.eventual.support.Api;
import dev.eventual.support.Namespace;
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
