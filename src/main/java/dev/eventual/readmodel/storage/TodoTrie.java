package dev.eventual.readmodel.storage;

import dev.eventual.domain.Limits;
import dev.eventual.readmodel.Todo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A list's todos as a persistent map: adding, changing or removing one todo makes a new value in O(log n) and shares
 * the rest, so folding an event does not copy the list. Each todo remembers its position (the list version that added
 * it), and {@link #values()} sorts by it: reads are rarer than folds, and list views are cached per version.
 *
 * <p>The map is a hash array mapped trie keyed by todoId: branches of up to 32 slots picked by five bits of the hash
 * at a time, a slot holding a todo or a deeper branch. Folding a replay adds millions of todos, so each costs one slot
 * and a share of a small branch rather than the three tree nodes a general persistent map spends on it.
 */
public final class TodoTrie {
  private static final Branch EMPTY_BRANCH = new Branch(0, new Object[0]);
  private static final TodoTrie EMPTY = new TodoTrie(EMPTY_BRANCH, 0, 0);

  /**
   * A todo and its position, flat, its id as two longs ({@link Id}) and its time as numbers ({@link At}): one object
   * per todo in a trie that may hold millions. Who last set a field is kept only when it is not the todo's creator.
   */
  private record Entry(long position, long idHigh, long idLow, String idText, String text, boolean completed,
                       String createdBy, long atSeconds, int atNanos, String atText, long textVersion,
                       long completedVersion, String textBy, String completedBy, String movedFrom) {
    static Entry of(long position, Id id, Todo todo) {
      At at = At.of(todo.updatedAt());
      String creator = todo.createdBy();
      return new Entry(position, id.high(), id.low(), id.text(), todo.text(), todo.completed(), creator,
        at.seconds(), at.nanos(), at.text(), todo.textVersion(), todo.completedVersion(),
        Objects.equals(todo.textBy(), creator) ? null : todo.textBy(),
        Objects.equals(todo.completedBy(), creator) ? null : todo.completedBy(), todo.movedFrom());
    }

    Todo todo() {
      return new Todo(Id.text(idHigh, idLow, idText), text, completed, createdBy, At.text(atSeconds, atNanos, atText),
        textVersion, textBy == null ? createdBy : textBy, completedVersion, completedBy == null ? createdBy : completedBy,
        movedFrom);
    }

    boolean is(Id id) {
      return id.is(idHigh, idLow, idText);
    }

    int hash() {
      return spread(idText == null ? Id.hash(idHigh, idLow) : idText.hashCode());
    }
  }

  /** A branch of the trie: {@code bitmap} says which of its 32 slots are taken, in order, in {@code slots}. */
  private record Branch(int bitmap, Object[] slots) {
  }

  /** TodoTrie whose ids have the same full hash (at depth 7 and below). */
  private record Collision(int hash, Entry[] entries) {
  }

  private final Branch root;
  private final int size;
  /** The UTF-8 bytes of every todo's text, which a list's limit counts ({@link Limits}). */
  private final long textBytes;

  private TodoTrie(Branch root, int size, long textBytes) {
    this.root = root;
    this.size = size;
    this.textBytes = textBytes;
  }

  public static TodoTrie empty() {
    return EMPTY;
  }

  public Todo get(String todoId) {
    Entry e = todoId == null ? null : find(Id.of(todoId));
    return e == null ? null : e.todo();
  }

  public boolean contains(String todoId) {
    return todoId != null && find(Id.of(todoId)) != null;
  }

  /** Adds a todo at {@code position} (any number larger than every earlier one, e.g. the list's version). */
  public TodoTrie add(long position, Todo todo) {
    Id id = Id.of(todo.todoId());
    Entry old = find(id);
    return new TodoTrie(put(root, 0, hash(id), Entry.of(position, id, todo)), old == null ? size + 1 : size,
      textBytes - bytes(old) + Limits.utf8Length(todo.text()));
  }

  /**
   * A snapshot's todo, added as it is kept, with no text to parse: {@code id} not yet in these todos, who set a field
   * null when it was the creator.
   */
  public TodoTrie addRestored(long position, Id id, String text, boolean completed, String createdBy, At at, long textVersion,
                    String textBy, long completedVersion, String completedBy, String movedFrom) {
    Entry e = new Entry(position, id.high(), id.low(), id.text(), text, completed, createdBy, at.seconds(), at.nanos(), at.text(),
      textVersion, completedVersion, Objects.equals(textBy, createdBy) ? null : textBy,
      Objects.equals(completedBy, createdBy) ? null : completedBy, movedFrom);
    return new TodoTrie(put(root, 0, hash(id), e), size + 1, textBytes + Limits.utf8Length(text));
  }

  /** Replaces a todo that is already there, keeping its place. */
  public TodoTrie replace(Todo todo) {
    Id id = Id.of(todo.todoId());
    Entry e = find(id);
    return e == null ? this : new TodoTrie(put(root, 0, hash(id), Entry.of(e.position(), id, todo)), size,
      textBytes - bytes(e) + Limits.utf8Length(todo.text()));
  }

  public TodoTrie remove(String todoId) {
    if (todoId == null) {
      return this;
    }
    Id id = Id.of(todoId);
    Entry e = find(id);
    return e == null ? this : new TodoTrie(without(root, 0, hash(id), id), size - 1, textBytes - bytes(e));
  }

  /** The todos in the order they were added. */
  public List<Todo> values() {
    List<Entry> entries = new ArrayList<>(size);
    collect(root, entries);
    entries.sort(Comparator.comparingLong(Entry::position));
    List<Todo> todos = new ArrayList<>(size);
    entries.forEach(e -> todos.add(e.todo()));
    return todos;
  }

  public int size() {
    return size;
  }

  public long textBytes() {
    return textBytes;
  }

  private static int bytes(Entry e) {
    return e == null ? 0 : Limits.utf8Length(e.text());
  }

  /** Receives a todo and its position. */
  public interface Visitor {
    void todo(long position, Todo todo) throws java.io.IOException;
  }

  /** Every todo with its position, in no particular order: what a snapshot keeps, to add them back the same. */
  public void forEach(Visitor visitor) throws java.io.IOException {
    List<Entry> entries = new ArrayList<>(size);
    collect(root, entries);
    for (Entry e : entries) {
      visitor.todo(e.position(), e.todo());
    }
  }

  private static int hash(Id id) {
    return spread(id.hash());
  }

  private static int spread(int h) {
    return h ^ (h >>> 16);
  }

  private static int bit(int hash, int shift) {
    return 1 << ((hash >>> shift) & 31);
  }

  private static int index(int bitmap, int bit) {
    return Integer.bitCount(bitmap & (bit - 1));
  }

  private Entry find(Id key) {
    int hash = hash(key);
    Object at = root;
    for (int shift = 0; ; shift += 5) {
      if (at instanceof Branch n) {
        int bit = bit(hash, shift);
        if ((n.bitmap() & bit) == 0) {
          return null;
        }
        at = n.slots()[index(n.bitmap(), bit)];
      } else if (at instanceof Entry e) {
        return e.is(key) ? e : null;
      } else {
        for (Entry e : ((Collision) at).entries()) {
          if (e.is(key)) {
            return e;
          }
        }
        return null;
      }
    }
  }

  /** {@code branch} with {@code item} (an Entry, or a Collision when a branch splits) added or replacing its own. */
  private static Branch put(Branch branch, int shift, int hash, Object item) {
    int bit = bit(hash, shift);
    int i = index(branch.bitmap(), bit);
    if ((branch.bitmap() & bit) == 0) {
      Object[] slots = new Object[branch.slots().length + 1];
      System.arraycopy(branch.slots(), 0, slots, 0, i);
      slots[i] = item;
      System.arraycopy(branch.slots(), i, slots, i + 1, branch.slots().length - i);
      return new Branch(branch.bitmap() | bit, slots);
    }
    Object[] slots = branch.slots().clone();
    slots[i] = merge(slots[i], shift + 5, hash, (Entry) item);
    return new Branch(branch.bitmap(), slots);
  }

  private static Object merge(Object slot, int shift, int hash, Entry entry) {
    if (slot instanceof Branch n) {
      return put(n, shift, hash, entry);
    }
    int other = slot instanceof Entry e ? e.hash() : ((Collision) slot).hash();
    if (other != hash) {
      return put(put(EMPTY_BRANCH, shift, other, slot), shift, hash, entry);
    }
    Entry[] entries = slot instanceof Entry e ? new Entry[] {e} : ((Collision) slot).entries();
    for (int i = 0; i < entries.length; i++) {
      if (entries[i].idHigh() == entry.idHigh() && entries[i].idLow() == entry.idLow()
        && Objects.equals(entries[i].idText(), entry.idText())) {
        if (entries.length == 1) {
          return entry;
        }
        Entry[] copy = entries.clone();
        copy[i] = entry;
        return new Collision(hash, copy);
      }
    }
    Entry[] more = Arrays.copyOf(entries, entries.length + 1);
    more[entries.length] = entry;
    return new Collision(hash, more);
  }

  /** {@code branch} without {@code key} (which is in it); a branch left with one todo collapses to that todo. */
  private static Branch without(Branch branch, int shift, int hash, Id key) {
    int bit = bit(hash, shift);
    int i = index(branch.bitmap(), bit);
    Object slot = branch.slots()[i];
    Object rest = slot instanceof Entry ? null : slot instanceof Branch n ? shrink(without(n, shift + 5, hash, key))
      : shrink((Collision) slot, key);
    if (rest == null) {
      Object[] slots = new Object[branch.slots().length - 1];
      System.arraycopy(branch.slots(), 0, slots, 0, i);
      System.arraycopy(branch.slots(), i + 1, slots, i, slots.length - i);
      return new Branch(branch.bitmap() & ~bit, slots);
    }
    Object[] slots = branch.slots().clone();
    slots[i] = rest;
    return new Branch(branch.bitmap(), slots);
  }

  private static Object shrink(Branch branch) {
    if (branch.slots().length == 0) {
      return null;
    }
    return branch.slots().length == 1 && !(branch.slots()[0] instanceof Branch) ? branch.slots()[0] : branch;
  }

  private static Object shrink(Collision c, Id key) {
    Entry[] left = Arrays.stream(c.entries()).filter(e -> !e.is(key)).toArray(Entry[]::new);
    return left.length == 1 ? left[0] : new Collision(c.hash(), left);
  }

  private static void collect(Object at, List<Entry> into) {
    if (at instanceof Branch n) {
      for (Object slot : n.slots()) {
        collect(slot, into);
      }
    } else if (at instanceof Entry e) {
      into.add(e);
    } else {
      into.addAll(Arrays.asList(((Collision) at).entries()));
    }
  }
}
