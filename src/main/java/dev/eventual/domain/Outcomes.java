package dev.eventual.domain;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * Every command's outcome by commandId: written by one thread (the fold), read by any, never shrinking.
 *
 * <p>A replay adds one outcome per event, millions of them, all of which live as long as the node. Kept in a
 * ConcurrentHashMap each cost a node object and a store into a random slot of a table in the old generation, which
 * the collector then had to rescan. Here outcomes are appended to fixed-size pages, so those stores stay together,
 * and the hash index is a {@code long[]} of (hash, position) pairs: no references for the collector to scan, and a
 * probe past another command's slot compares hashes without touching its outcome. Writes are published with release
 * stores and read with acquire loads; a resize publishes a whole new index.
 */
final class Outcomes {
  private static final int PAGE_BITS = 14;
  private static final int PAGE = 1 << PAGE_BITS;
  private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
  private static final VarHandle REFS = MethodHandles.arrayElementVarHandle(State.Outcome[].class);

  /** Slot: the commandId's hash in the high half, 1 + the outcome's position in the low half; 0 when free. */
  private volatile long[] index = new long[64];
  private volatile State.Outcome[][] pages = new State.Outcome[1][PAGE];
  private int size;

  State.Outcome get(String commandId) {
    long[] slots = index;
    int hash = commandId.hashCode();
    int mask = slots.length - 1;
    for (int i = slotOf(hash, mask); ; i = (i + 1) & mask) {
      long slot = (long) LONGS.getAcquire(slots, i);
      if (slot == 0) {
        return null;
      }
      if ((int) (slot >>> 32) == hash) {
        State.Outcome o = outcomeAt(pages, (int) slot - 1);
        if (o.commandId().equals(commandId)) {
          return o;
        }
      }
    }
  }

  /** Adds {@code outcome}, or replaces the one with the same commandId. */
  void put(State.Outcome outcome) {
    long[] slots = index;
    int hash = outcome.commandId().hashCode();
    int mask = slots.length - 1;
    int i = slotOf(hash, mask);
    for (long slot; (slot = slots[i]) != 0; i = (i + 1) & mask) {
      int position = (int) slot - 1;
      if ((int) (slot >>> 32) == hash && outcomeAt(pages, position).commandId().equals(outcome.commandId())) {
        REFS.setRelease(pages[position >>> PAGE_BITS], position & (PAGE - 1), outcome);
        return;
      }
    }
    int position = size++;
    State.Outcome[][] at = pages;
    if ((position >>> PAGE_BITS) == at.length) {
      at = Arrays.copyOf(at, at.length * 2);
      for (int p = at.length / 2; p < at.length; p++) {
        at[p] = new State.Outcome[PAGE];
      }
      pages = at;
    }
    REFS.setRelease(at[position >>> PAGE_BITS], position & (PAGE - 1), outcome);
    if (size * 2 > slots.length) {
      index = rehash(slots, slots.length * 2);
    } else {
      LONGS.setRelease(slots, i, slotValue(hash, position));
    }
  }

  private static State.Outcome outcomeAt(State.Outcome[][] at, int position) {
    return (State.Outcome) REFS.getAcquire(at[position >>> PAGE_BITS], position & (PAGE - 1));
  }

  /** A new index holding every outcome so far, the newest (not yet in {@code old}) included. */
  private long[] rehash(long[] old, int capacity) {
    long[] slots = new long[capacity];
    int mask = capacity - 1;
    for (long slot : old) {
      if (slot != 0) {
        place(slots, mask, slot);
      }
    }
    int newest = size - 1;
    place(slots, mask, slotValue(outcomeAt(pages, newest).commandId().hashCode(), newest));
    return slots;
  }

  private static void place(long[] slots, int mask, long slot) {
    int i = slotOf((int) (slot >>> 32), mask);
    while (slots[i] != 0) {
      i = (i + 1) & mask;
    }
    slots[i] = slot;
  }

  private static long slotValue(int hash, int position) {
    return ((long) hash << 32) | (position + 1L);
  }

  private static int slotOf(int hash, int mask) {
    int h = hash * 0x9E3779B9;
    return (h ^ (h >>> 16)) & mask;
  }
}
