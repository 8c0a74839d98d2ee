package dev.eventual.auth;

import dev.eventual.config.ConfigException;
import dev.eventual.config.OwnerOnly;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;

/**
 * The session secret a node makes itself when {@code auth.secret} is not set: 32 random bytes, written once into its
 * data folder as text (so it can be given as {@code auth.secret} to nodes elsewhere) and read at every start, so a
 * restart signs nobody out. Owner-only: whoever reads it can sign any user's cookie. Nodes started in one folder at
 * once agree on the first one written (a file is linked into place, never replaced).
 */
final class SecretFile {
  private static final Logger LOG = LoggerFactory.getLogger(SecretFile.class);
  private static final int MIN_LENGTH = 32;

  private SecretFile() {
  }

  static String load(Path file) {
    try {
      if (!Files.exists(file)) {
        make(file);
      }
      OwnerOnly.file(file);
      String secret = Files.readString(file, StandardCharsets.UTF_8).strip();
      if (secret.length() < MIN_LENGTH) {
        throw new ConfigException("the session secret in " + file + " is shorter than " + MIN_LENGTH
          + " characters: delete the file to have a new one made (every session ends), or set auth.secret");
      }
      return secret;
    } catch (IOException e) {
      throw new ConfigException("cannot keep the session secret in " + file + " (" + e + "): set auth.secret, or"
        + " auth.secretFile to a place this node may write");
    }
  }

  private static void make(Path file) throws IOException {
    Path folder = file.toAbsolutePath().getParent();
    OwnerOnly.folder(folder);
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    Path temporary = folder.resolve(file.getFileName() + "." + UUID.randomUUID() + ".tmp");
    try {
      try (FileChannel out = FileChannel.open(temporary, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
        OwnerOnly.newFile())) {
        out.write(ByteBuffer.wrap((Base64.getUrlEncoder().withoutPadding().encodeToString(random) + "\n").getBytes(StandardCharsets.UTF_8)));
        out.force(true);
      }
      Files.createLink(file, temporary);
      LOG.info("made a session secret and keep it in {} (owner-only): sessions survive a restart of this node", file);
    } catch (FileAlreadyExistsException anotherNodeWasFirst) {
      // the one already there is the secret: every node of this folder signs with it
    } finally {
      Files.deleteIfExists(temporary);
    }
  }
}
