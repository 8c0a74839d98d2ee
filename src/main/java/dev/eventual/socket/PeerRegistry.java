package dev.eventual.socket;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The sockets one bridge holds, in two intrusive lists threaded through the peers themselves: every open socket, for
 * the sweeps, and each user's registered sockets, for the pushes. On the bridge's event loop.
 */
final class PeerRegistry {
  private final Map<String, Peer> registered = new HashMap<>();
  private Peer first;

  /** An open socket joins the list the sweeps walk. */
  void add(Peer peer) {
    peer.next = first;
    if (first != null) {
      first.prev = peer;
    }
    first = peer;
  }

  /** A closed socket leaves both lists. */
  void remove(Peer peer) {
    unregister(peer);
    if (peer.prev != null) {
      peer.prev.next = peer.next;
    } else {
      first = peer.next;
    }
    if (peer.next != null) {
      peer.next.prev = peer.prev;
    }
    peer.prev = null;
    peer.next = null;
  }

  /** Every open socket; {@code action} may remove the one it is given. */
  void forEach(Consumer<Peer> action) {
    for (Peer peer = first; peer != null; ) {
      Peer next = peer.next;
      action.accept(peer);
      peer = next;
    }
  }

  void register(Peer peer) {
    peer.registered = true;
    peer.nextOfUser = registered.put(peer.userId, peer);
  }

  void unregister(Peer peer) {
    if (!peer.registered) {
      return;
    }
    peer.registered = false;
    Peer head = registered.get(peer.userId);
    if (head == peer) {
      if (peer.nextOfUser == null) {
        registered.remove(peer.userId);
      } else {
        registered.put(peer.userId, peer.nextOfUser);
      }
    } else {
      Peer p = head;
      while (p.nextOfUser != peer) {
        p = p.nextOfUser;
      }
      p.nextOfUser = peer.nextOfUser;
    }
    peer.nextOfUser = null;
  }

  /** The first of the user's registered sockets (the rest follow through {@code nextOfUser}), or null. */
  Peer registeredOf(String userId) {
    return registered.get(userId);
  }
}
