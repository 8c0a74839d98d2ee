package dev.eventual.config;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files a node writes that hold credentials or secrets (snapshots carry every user's password hash; the generated
 * session secret signs every cookie) are readable by the node's own user only: files 0600, their folder 0700. The
 * JVM's umask (usually 022) made them 0644 in a 0755 folder. On a file system without POSIX permissions, nothing
 * changes.
 */
public final class OwnerOnly {
  private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");

  private OwnerOnly() {
  }

  /** Creates the folder (and missing parents) owner-only, and narrows the folder itself if it was there already. */
  public static Path folder(Path folder) throws IOException {
    if (!POSIX) {
      return Files.createDirectories(folder);
    }
    Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(FOLDER));
    if (!Files.getPosixFilePermissions(folder).equals(FOLDER)) {
      Files.setPosixFilePermissions(folder, FOLDER);
    }
    return folder;
  }

  /** The attributes a new file is created with: owner read and write only. */
  public static FileAttribute<?>[] newFile() {
    return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)} : new FileAttribute<?>[0];
  }

  /** Narrows a file that may have been there before (a temporary file left by a crash) to owner-only. */
  public static void file(Path file) throws IOException {
    if (POSIX) {
      Files.setPosixFilePermissions(file, FILE);
    }
  }
}
