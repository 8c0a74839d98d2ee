package dev.eventual.auth;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/** PBKDF2-HMAC-SHA256 credentials, stored as {@code pbkdf2-sha256$iterations$salt$hash}. CPU-heavy: call off the event loop. */
public final class Passwords {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String SCHEME = "pbkdf2-sha256";

  private Passwords() {
  }

  public static String hash(String password, int iterations) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    return SCHEME + "$" + iterations + "$" + b64(salt) + "$" + b64(derive(password, salt, iterations));
  }

  public static boolean verify(String password, String credential) {
    String[] parts = credential == null ? new String[0] : credential.split("\\$");
    if (parts.length != 4 || !parts[0].equals(SCHEME)) {
      return false;
    }
    byte[] salt = Base64.getDecoder().decode(parts[2]);
    byte[] expected = Base64.getDecoder().decode(parts[3]);
    return MessageDigest.isEqual(expected, derive(password, salt, Integer.parseInt(parts[1])));
  }

  /** A credential nobody's password matches, so an unknown user costs as much time as a wrong password. */
  public static String decoy(int iterations) {
    return hash("decoy-" + RANDOM.nextLong(), iterations);
  }

  private static byte[] derive(String password, byte[] salt, int iterations) {
    try {
      var spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}
