package dev.eventual.auth;

import dev.eventual.config.Settings;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;

/** Identity for the HTTP layer: sessions signed with the shared secret, and the limits on signing in and up. */
public record Auth(Sessions sessions, LoginLimiter logins, SignupLimiter signups) {

  public static Auth from(Settings settings) {
    byte[] secret = settings.auth().secret().getBytes(StandardCharsets.UTF_8);
    if (secret.length == 0) {
      secret = new byte[32];
      new SecureRandom().nextBytes(secret);
    }
    return new Auth(new Sessions(secret, settings.auth().sessionHours() * 3600L, Clock.systemUTC()),
      new LoginLimiter(settings.auth().loginFailuresPerUserAndAddress(), settings.auth().loginFailuresPerAddress(), settings.auth().loginFailuresPerUser(),
        settings.auth().loginFailureWindowMinutes() * 60_000L), new SignupLimiter(settings.auth().signupsPerAddressPerHour()));
  }
}
