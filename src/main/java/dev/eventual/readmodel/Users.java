package dev.eventual.readmodel;

import dev.eventual.domain.Visible;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The users a state knows, by id, by name and by the {@link Visible#look} of their names (the first user of a look is
 * the one a twin meets). A fork's users read through to its base's, as the rest of a fork does.
 */
final class Users {
  private final Users base;
  private final Map<String, User> byId = new ConcurrentHashMap<>();
  private final Map<String, String> idsByName = new ConcurrentHashMap<>();
  private final Map<String, String> idsByLook = new ConcurrentHashMap<>();

  Users(Users base) {
    this.base = base;
  }

  void add(User user) {
    byId.put(user.userId(), user);
    idsByName.put(user.username(), user.userId());
    idsByLook.putIfAbsent(Visible.look(user.username()), user.userId());
  }

  Optional<User> byId(String userId) {
    return Optional.ofNullable(find(userId, u -> u.byId));
  }

  Optional<User> byName(String username) {
    return Optional.ofNullable(find(username, u -> u.idsByName)).flatMap(this::byId);
  }

  Optional<User> byLook(String username) {
    return Optional.ofNullable(find(Visible.look(username), u -> u.idsByLook)).flatMap(this::byId);
  }

  /** Every user of the root (a fork does not list its base's). */
  List<User> all() {
    return List.copyOf(byId.values());
  }

  private <V> V find(String key, Function<Users, Map<String, V>> of) {
    if (key == null) {
      return null;
    }
    for (Users u = this; u != null; u = u.base) {
      V value = of.apply(u).get(key);
      if (value != null) {
        return value;
      }
    }
    return null;
  }
}
