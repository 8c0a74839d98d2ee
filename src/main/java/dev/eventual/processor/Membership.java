package dev.eventual.processor;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Who decides partitions right now, as one processor instance sees it: every instance beats on the processors
 * fanout (its id and how many partitions it is active on); one not heard for {@link #EXPIRY_MS} is gone. From the
 * live instances, ranked by id, each one's fair share follows: {@code partitions / n}, one more for the first
 * {@code partitions % n}, so shares add up to the partitions and differ by at most one. Used on one event loop.
 */
final class Membership {
  static final long BEAT_MS = 500;
  static final long EXPIRY_MS = 2_000;

  private record Member(long lastSeen, int active) {
  }

  private final String me;
  private final int partitions;
  private final Map<String, Member> members = new HashMap<>();
  private List<String> ranked = List.of();

  Membership(String me, int partitions) {
    this.me = me;
    this.partitions = partitions;
    members.put(me, new Member(Long.MAX_VALUE, 0));
    rank();
  }

  JsonObject beat(int active) {
    return new JsonObject().put("instance", me).put("active", active);
  }

  /** Takes a beat; true when it changed who is live (someone joined). */
  boolean heard(JsonObject beat, long now) {
    String id = beat.getString("instance");
    if (id == null || id.equals(me)) {
      return false;
    }
    boolean joined = members.put(id, new Member(now, beat.getInteger("active", 0))) == null;
    if (joined) {
      rank();
    }
    return joined;
  }

  /** Forgets whoever has been silent too long; true when someone left. */
  boolean expire(long now) {
    boolean left = members.entrySet().removeIf(e -> !e.getKey().equals(me) && e.getValue().lastSeen() < now - EXPIRY_MS);
    if (left) {
      rank();
    }
    return left;
  }

  private void rank() {
    List<String> ids = new ArrayList<>(members.keySet());
    ids.sort(null);
    ranked = ids;
  }

  int live() {
    return ranked.size();
  }

  int share(String id) {
    int rank = ranked.indexOf(id);
    int n = ranked.size();
    return partitions / n + (rank < partitions % n ? 1 : 0);
  }

  int myShare() {
    return share(me);
  }

  /** Whether another live instance is active on fewer partitions than its share: one that would take one more. */
  boolean someoneBelowShare() {
    for (String id : ranked) {
      if (!id.equals(me) && members.get(id).active() < share(id)) {
        return true;
      }
    }
    return false;
  }

  /** Whether this instance is the first of the live ones: it nudges the partitions after a change of members. */
  boolean first() {
    return ranked.get(0).equals(me);
  }
}
