package dev.eventual.auth;

import dev.eventual.config.Settings;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Identity for the HTTP layer: sessions signed with the shared secret ({@code auth.secret}, or the one this node keeps
 * in {@code auth.secretFile}), the limits on signing in and up, and the rate of each user's commands.
 */
public record Auth(Sessions sessions, LoginLimiter logins, SignupLimiter signups, CommandRate commands) {

  public static Auth from(Settings settings) {
    String given = settings.auth().secret();
    byte[] secret = (given.isEmpty() ? SecretFile.load(Path.of(settings.auth().secretFile())) : given).getBytes(StandardCharsets.UTF_8);
    return new Auth(new Sessions(secret, settings.auth().sessionHours() * 3600L, Clock.systemUTC()),
      new LoginLimiter(settings.auth().loginFailuresPerUserAndAddress(), settings.auth().loginFailuresPerAddress(), settings.auth().loginFailuresPerUser(),
        settings.auth().loginFailureWindowMinutes() * 60_000L), new SignupLimiter(settings.auth().signupsPerAddressPerHour()),
      new CommandRate(settings.limits().commandsPerSecond(), settings.limits().commandBurst()));
  }
}
