package dev.eventual.readmodel.storage;
import dev.eventual.readmodel.Outcome;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * Every command's outcome by commandId: written by one thread (the fold), read by any, never shrinking.
 *
 * <p>A replay adds one outcome per event, millions of them, all of which live as long as the node, so they are
 * kept in columns rather than as objects: pages of parallel arrays hold each outcome's commandId (as two longs, see
 * {@link Id}), numbers and references, and {@link #get} builds the {@link Outcome} when asked. Appending fills
 * the pages in order, so the collector finds the stores together, and the hash index is a {@code long[]} of (hash,
 * position) pairs: nothing in it for the collector to scan, and a probe past another command compares hashes
 * without touching its columns. A position is written before the index slot that points to it is released, and
 * never written again (a second outcome for a command takes a new position); readers acquire the slot first.
 * During a replay the index can wait ({@link #defer()}) and be built in one pass at the end.
 */
public final class OutcomeIndex {
  private static final int PAGE_BITS = 8;
  private static final int PAGE = 1 << PAGE_BITS;
  private static final int REFS = 6;
  private static final int NUMBERS = 4;
  private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(long[].class);

  /** Outcomes 256 at a time: small enough for a fork's handful, and no per-outcome objects for a replay's millions. */
  private static final class Page {
    final long[] ids = new long[2 * PAGE];
    /** version, cursor, the time of the event that decided it (epoch seconds), which retention goes by, and the fingerprint. */
    final long[] numbers = new long[NUMBERS * PAGE];
    /** commandId when it is not a canonical UUID, commandType, actor, listId, status, code, reason. */
    final Object[] refs = new Object[(REFS + 1) * PAGE];
  }

  /** Slot: the commandId's hash in the high half, 1 + the outcome's position in the low half; 0 when free. */
  private volatile long[] index = new long[16];
  private volatile Page[] pages = new Page[1];
  private int size;
  private int indexed;
  private volatile boolean deferred;

  public Outcome get(String commandId) {
    if (deferred) {
      throw new IllegalStateException("an outcome was read before the replay indexed them");
    }
    Id id = Id.of(commandId);
    long[] slots = index;
    int mask = slots.length - 1;
    for (int i = slotOf(id.hash(), mask); ; i = (i + 1) & mask) {
      long slot = (long) SLOTS.getAcquire(slots, i);
      if (slot == 0) {
        return null;
      }
      if ((int) (slot >>> 32) == id.hash()) {
        int position = (int) slot - 1;
        Page page = pages[position >>> PAGE_BITS];
        int at = position & (PAGE - 1);
        if (id.is(page.ids[2 * at], page.ids[2 * at + 1], (String) page.refs[(REFS + 1) * at])) {
          return outcome(page, at, commandId);
        }
      }
    }
  }

  /** Adds {@code outcome}, decided at {@code atSeconds}, or replaces the one with the same commandId. */
  public void put(Outcome outcome, long atSeconds) {
    put(Id.of(outcome.commandId()), outcome, atSeconds);
  }

  /** As {@link #put(Outcome, long)}, for the command {@code id} (the outcome's own commandId is not read). */
  public void put(Id id, Outcome outcome, long atSeconds) {
    int position = append(id, outcome, atSeconds);
    if (!deferred) {
      index(position, id);
      indexed = size;
    }
  }

  /**
   * Until {@link #indexDeferred()}, outcomes are appended but not found by {@link #get}: for a replay, which nothing
   * reads until it is over, so that millions of scattered index writes become one pass into an index of final size.
   */
  public void defer() {
    deferred = true;
  }

  public void indexDeferred() {
    deferred = false;
    int capacity = index.length;
    while (size * 2 > capacity) {
      capacity *= 2;
    }
    if (capacity != index.length) {
      index = rehash(index, capacity);
    }
    for (; indexed < size; indexed++) {
      index(indexed, idAt(pages[indexed >>> PAGE_BITS], indexed & (PAGE - 1)));
    }
  }

  /** Points the index at {@code position} for {@code id}: a new slot, or the one of an earlier outcome for it. */
  private void index(int position, Id id) {
    long value = ((long) id.hash() << 32) | (position + 1L);
    long[] slots = index;
    int mask = slots.length - 1;
    int i = slotOf(id.hash(), mask);
    for (long slot; (slot = slots[i]) != 0; i = (i + 1) & mask) {
      if ((int) (slot >>> 32) == id.hash()) {
        int earlier = (int) slot - 1;
        Page page = pages[earlier >>> PAGE_BITS];
        int at = earlier & (PAGE - 1);
        if (id.is(page.ids[2 * at], page.ids[2 * at + 1], (String) page.refs[(REFS + 1) * at])) {
          // A saga's end replaces the outcome its first step made and keeps that request's fingerprint: its own
          // event is the server's step, which has none of the user's request.
          Page now = pages[position >>> PAGE_BITS];
          int nowAt = position & (PAGE - 1);
          if (now.numbers[NUMBERS * nowAt + 3] == 0) {
            now.numbers[NUMBERS * nowAt + 3] = page.numbers[NUMBERS * at + 3];
          }
          SLOTS.setRelease(slots, i, value);
          return;
        }
      }
    }
    if (size * 2 > slots.length) {
      long[] grown = rehash(slots, slots.length * 2);
      place(grown, grown.length - 1, value);
      index = grown;
    } else {
      SLOTS.setRelease(slots, i, value);
    }
  }

  private int append(Id id, Outcome o, long atSeconds) {
    int position = size++;
    Page[] at = pages;
    int p = position >>> PAGE_BITS;
    if (p == at.length) {
      at = Arrays.copyOf(at, at.length * 2);
    }
    if (at[p] == null) {
      at[p] = new Page();
    }
    if (at != pages) {
      pages = at;
    }
    Page page = at[p];
    int i = position & (PAGE - 1);
    page.ids[2 * i] = id.high();
    page.ids[2 * i + 1] = id.low();
    page.numbers[NUMBERS * i] = o.version();
    page.numbers[NUMBERS * i + 1] = o.cursor();
    page.numbers[NUMBERS * i + 2] = atSeconds;
    page.numbers[NUMBERS * i + 3] = o.fingerprint();
    Object[] refs = page.refs;
    int r = (REFS + 1) * i;
    refs[r] = id.text();
    refs[r + 1] = o.commandType();
    refs[r + 2] = o.actor();
    refs[r + 3] = o.listId();
    refs[r + 4] = o.status();
    refs[r + 5] = o.code();
    refs[r + 6] = o.reason();
    return position;
  }

  /** The id of the outcome at {@code at} of {@code page}, as it is kept. */
  private static Id idAt(Page page, int at) {
    long high = page.ids[2 * at];
    long low = page.ids[2 * at + 1];
    String text = (String) page.refs[(REFS + 1) * at];
    return new Id(high, low, text, text == null ? Id.hash(high, low) : text.hashCode());
  }

  private static Outcome outcome(Page page, int at, String commandId) {
    Object[] refs = page.refs;
    int r = (REFS + 1) * at;
    return new Outcome(commandId, (String) refs[r + 1], (String) refs[r + 2], (String) refs[r + 3],
      (String) refs[r + 4], page.numbers[NUMBERS * at], (String) refs[r + 5], (String) refs[r + 6], page.numbers[NUMBERS * at + 1],
      page.numbers[NUMBERS * at + 3]);
  }

  /**
   * Receives outcomes in the order they were added: the command's id as it is kept, the outcome without it (its
   * commandId is null: no text is made of an id only to be parsed again), and when it was decided.
   */
  public interface Visitor {
    void outcome(Id id, Outcome outcome, long atSeconds) throws IOException;
  }

  /** Whether retention keeps an outcome decided at {@code atSeconds}: decided since {@code cutoffSeconds}, or a saga under way. */
  public static boolean keeps(Outcome outcome, long atSeconds, long cutoffSeconds) {
    return atSeconds >= cutoffSeconds || !outcome.settled();
  }

  /**
   * What has been added so far, to be read on another thread while the fold goes on: a position is written once,
   * before the size that covers it, and never again. The fold thread takes it; handing it to another thread (a
   * blocking task) publishes what it covers.
   */
  public record View(Object pages, int size) {
    public void forEach(Visitor visitor) throws IOException {
      forEach(0, visitor);
    }

    /** The outcomes at positions {@code from} up to the view's size. */
    public void forEach(int from, Visitor visitor) throws IOException {
      Page[] all = (Page[]) pages;
      for (int position = from; position < size; position++) {
        Page page = all[position >>> PAGE_BITS];
        int at = position & (PAGE - 1);
        visitor.outcome(idAt(page, at), outcome(page, at, null), page.numbers[NUMBERS * at + 2]);
      }
    }
  }

  /** On the fold thread. */
  public View view() {
    return new View(pages, size);
  }

  /**
   * The outcomes of {@code view} that retention {@link #keeps} at {@code cutoffSeconds}, indexed: built on any thread,
   * then brought up to date on the fold thread with {@link #addSince(View, OutcomeIndex)}.
   */
  public static OutcomeIndex kept(View view, long cutoffSeconds) {
    OutcomeIndex kept = new OutcomeIndex();
    kept.defer();
    try {
      view.forEach((id, o, at) -> {
        if (keeps(o, at, cutoffSeconds)) {
          kept.put(id, o, at);
        }
      });
    } catch (IOException cannot) {
      throw new java.io.UncheckedIOException(cannot);
    }
    kept.indexDeferred();
    return kept;
  }

  /** On the fold thread: adds to {@code into} what this has gained since {@code view} was taken of it. */
  public void addSince(View view, OutcomeIndex into) {
    try {
      view().forEach(view.size(), into::put);
    } catch (IOException cannot) {
      throw new java.io.UncheckedIOException(cannot);
    }
  }

  public int size() {
    return size;
  }

  /** When the first outcome kept was decided (outcomes are added in the log's order); MAX_VALUE when there is none. */
  public long oldestAt() {
    return size == 0 ? Long.MAX_VALUE : pages[0].numbers[2];
  }

  /** A new index of {@code capacity} slots with every slot of {@code old}. */
  private static long[] rehash(long[] old, int capacity) {
    long[] slots = new long[capacity];
    int mask = capacity - 1;
    for (long slot : old) {
      if (slot != 0) {
        place(slots, mask, slot);
      }
    }
    return slots;
  }

  private static void place(long[] slots, int mask, long slot) {
    int i = slotOf((int) (slot >>> 32), mask);
    while (slots[i] != 0) {
      i = (i + 1) & mask;
    }
    slots[i] = slot;
  }

  private static int slotOf(int hash, int mask) {
    int h = hash * 0x9E3779B9;
    return (h ^ (h >>> 16)) & mask;
  }
}
