package dev.eventual.eventlog;

import com.rabbitmq.stream.Environment;
import dev.eventual.broker.StreamEnvironment;
import dev.eventual.config.OwnerOnly;
import dev.eventual.config.Settings;
import dev.eventual.metrics.Metrics;
import dev.eventual.readmodel.CapturedState;
import dev.eventual.readmodel.ReadModel;
import dev.eventual.snapshot.SnapshotFile;
import dev.eventual.readmodel.State;
import dev.eventual.snapshot.UnusableSnapshot;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A node's snapshots of its read model, in {@code snapshot.dir}/namespace: the newest usable one is loaded at start
 * and the log read after its cursor; a new one is written every {@code snapshot.everyEvents} events or
 * {@code snapshot.everySeconds}, whichever comes first, and the last two are kept. On the event log verticle's
 * context, like the fold; files are read and written on workers.
 *
 * <p>A snapshot is used only if the log is the one it was taken of ({@link SnapshotCheck}). Anything wrong is one
 * line in the log and a full replay, never a silent use.
 */
final class SnapshotKeeper {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotKeeper.class);
  private static final Pattern FILE = Pattern.compile("snapshot-(\\d{20})\\.bin");
  private static final int KEEP = 2;
  private static final long NONE = Long.MIN_VALUE;

  private final Vertx vertx;
  private final Settings settings;
  private final ReadModel readModel;
  private final Path folder;
  private final String nodeId;
  private final Metrics metrics;
  private long sinceLast;
  /** When the oldest event folded since the last snapshot was folded (nanoTime), or NONE: each is in a snapshot. */
  private volatile long unsavedSince = NONE;
  private boolean writing;
  /** Snapshots this node has written since it started. */
  private volatile int written;
  private long timer = -1;

  SnapshotKeeper(Vertx vertx, Settings settings, ReadModel readModel, String nodeId, Metrics metrics) {
    this.vertx = vertx;
    this.metrics = metrics;
    metrics.watchSnapshots(this::unsavedSeconds);
    this.nodeId = nodeId;
    this.settings = settings;
    this.readModel = readModel;
    this.folder = settings.snapshotFolder().toAbsolutePath();
  }

  private boolean enabled() {
    return settings.snapshot().everyEvents() > 0 && settings.readsStreamProtocol();
  }

  /**
   * Before the log is read: fills the (new) state with the newest usable snapshot, if any; the log is then read from
   * its cursor + 1. Completes with the snapshot's cursor, or -1 for a full replay.
   */
  Future<Long> restore() {
    if (!settings.readsStreamProtocol()) {
      if (Files.isDirectory(folder)) {
        LOG.info("snapshots in {} not used: they are checked against the log over the stream protocol, and events.transport is amqp", folder);
      }
      return Future.succeededFuture(-1L);
    }
    State state = readModel.state();
    return vertx.executeBlocking(this::newestUsable, false).map(found -> {
      if (found == null) {
        return -1L;
      }
      long t = System.nanoTime();
      found.into(state);
      readModel.snapshot(state.cursor(), true);
      LOG.info("read model restored from snapshot at cursor {} ({} events folded when it was written), in {} ms; reading the log from offset {}",
        state.cursor(), state.eventCount(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t), state.cursor() + 1);
      return state.cursor();
    });
  }

  private SnapshotFile.Restored newestUsable() throws InterruptedException {
    removeHalfWritten();
    List<Path> files = files();
    if (files.isEmpty()) {
      return null;
    }
    // The stream connection for the check is made while the file is read: both take a while, neither needs the other.
    CompletableFuture<Environment> environment = CompletableFuture.supplyAsync(() -> {
      try {
        return StreamEnvironment.connect(settings, "eventual-snapshot-check");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    });
    try {
      for (Path file : files) {
        try {
          long t = System.nanoTime();
          SnapshotFile.Header header = SnapshotFile.header(file, settings.namespace(), settings.eventStream());
          CompletableFuture<String> checked = environment.thenApplyAsync(e -> SnapshotCheck.againstLog(e, settings.eventStream(), header));
          SnapshotFile.Restored restored = SnapshotFile.read(file, settings.namespace(), settings.eventStream());
          long read = System.nanoTime();
          String problem;
          try {
            problem = checked.get();
          } catch (java.util.concurrent.ExecutionException e) {
            problem = "the log cannot be read to check it: " + StreamEnvironment.rootMessage(e);
          }
          if (problem != null) {
            throw new UnusableSnapshot(problem);
          }
          LOG.info("snapshot {} read in {} ms, checked against the log in {} ms", file.getFileName(),
            TimeUnit.NANOSECONDS.toMillis(read - t), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t));
          return restored;
        } catch (UnusableSnapshot | IOException e) {
          LOG.warn("snapshot {} not used, {}", file, e instanceof UnusableSnapshot ? e.getMessage() : "unreadable: " + e);
        }
      }
      LOG.warn("no usable snapshot in {}: replaying the log from the start", folder);
      return null;
    } finally { // closing takes a second: not on the way to start-up
      environment.thenAcceptAsync(Environment::close);
    }
  }

  /**
   * A snapshot being written when its node stopped is a temporary file, never a snapshot: it goes, once it is older
   * than any write takes (another node of the namespace on this machine may be writing one of its own right now).
   */
  private void removeHalfWritten() {
    if (!Files.isDirectory(folder)) {
      return;
    }
    long before = System.currentTimeMillis() - TimeUnit.HOURS.toMillis(1);
    try (Stream<Path> all = Files.list(folder)) {
      for (Path p : all.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList()) {
        if (Files.getLastModifiedTime(p).toMillis() < before) {
          Files.deleteIfExists(p);
        }
      }
    } catch (IOException e) {
      LOG.warn("cannot clear half-written snapshots in {}: {}", folder, e.toString());
    }
  }

  /** This namespace's snapshots, newest first. */
  private List<Path> files() {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> all = Files.list(folder)) {
      return all.filter(p -> FILE.matcher(p.getFileName().toString()).matches())
        .sorted(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed()).toList();
    } catch (IOException e) {
      LOG.warn("cannot list snapshots in {}: {}", folder, e.toString());
      return List.of();
    }
  }

  /** Once caught up: snapshots on the schedule from now on, and one at once if the replay folded enough. */
  void caughtUp() {
    if (!enabled()) {
      return;
    }
    sinceLast = readModel.state().cursor() - readModel.snapshotAt();
    timer = vertx.setPeriodic(settings.snapshot().everySeconds() * 1000L, id -> {
      if (readModel.state().cursor() != readModel.snapshotAt()) {
        write();
      }
    });
    if (sinceLast >= settings.snapshot().everyEvents()) {
      write();
    }
  }

  /** After each event folded. */
  void folded() {
    if (unsavedSince == NONE && enabled()) {
      unsavedSince = System.nanoTime();
    }
    if (++sinceLast >= settings.snapshot().everyEvents() && timer != -1) {
      write();
    }
  }

  private long unsavedSeconds() {
    long since = unsavedSince;
    return since == NONE ? 0 : TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - since);
  }

  void stop() {
    if (timer != -1) {
      vertx.cancelTimer(timer);
    }
  }

  /**
   * Takes a view of the read model between two events (its values are immutable: taking it costs a copy of the
   * references to the lists) and writes it on a worker: to a temporary file, synced, renamed over, the last two kept.
   */
  private void write() {
    if (writing) {
      return;
    }
    long t = System.nanoTime();
    State state = readModel.state();
    CapturedState captured = state.capture();
    if (captured.cursor() < 0 || captured.cursorEventId() == null) {
      return;
    }
    writing = true;
    sinceLast = 0;
    long unsaved = unsavedSince;
    unsavedSince = NONE;
    long pauseMicros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - t);
    SnapshotFile.Header header = SnapshotFile.Header.of(settings.namespace(), settings.eventStream(), captured, Instant.now().toString());
    long keepFrom = Instant.now().getEpochSecond() - settings.idempotency().retentionHours() * 3600L;
    vertx.executeBlocking(() -> writeFile(header, captured, keepFrom), false).onComplete(ar -> {
      writing = false;
      if (ar.succeeded()) {
        written++;
        readModel.snapshot(captured.cursor(), false);
        LOG.info("snapshot written at cursor {}: {} lists, {} bytes, in {} ms (the fold paused {} µs to take it)",
          captured.cursor(), captured.lists().size(), ar.result(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t), pauseMicros);
      } else {
        unsavedSince = unsaved;
        metrics.snapshotFailed();
        LOG.warn("could not write a snapshot in {}: {}", folder, ar.cause().toString());
      }
    });
  }

  private long writeFile(SnapshotFile.Header header, CapturedState captured, long keepFrom) throws IOException {
    OwnerOnly.folder(folder);
    Path target = folder.resolve(String.format("snapshot-%020d.bin", header.cursor()));
    // Nodes of one namespace on one machine share the folder; their snapshots are interchangeable (each is the fold
    // of the same log up to its cursor), but each writes its own temporary file.
    Path temporary = folder.resolve(target.getFileName() + "." + nodeId + ".tmp");
    try (FileChannel channel = FileChannel.open(temporary, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
      StandardOpenOption.TRUNCATE_EXISTING), OwnerOnly.newFile())) {
      OwnerOnly.file(temporary);
      OutputStream out = Channels.newOutputStream(channel);
      SnapshotFile.write(out, header, captured, keepFrom);
      if (settings.chaos().enabled() && settings.chaos().haltInSnapshot() == written + 1) {
        channel.truncate(channel.size() / 2);
        channel.force(true);
        LOG.warn("chaos: halting the JVM while snapshot {} is half written", temporary.getFileName());
        Runtime.getRuntime().halt(137);
      }
      channel.force(true);
    }
    Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException notOnThisFileSystem) {
      // some file systems cannot sync a directory; the rename is then as durable as they make it
    }
    List<Path> all = new ArrayList<>(files());
    for (Path old : all.subList(Math.min(KEEP, all.size()), all.size())) {
      Files.deleteIfExists(old);
    }
    return Files.size(target);
  }
}
