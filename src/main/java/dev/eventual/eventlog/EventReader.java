package dev.eventual.eventlog;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.eventual.domain.Event;
import dev.eventual.domain.RecordCodec;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a stream entry's bytes straight into an {@link Event}: one pass of Jackson's streaming parser, no JSON tree.
 * The payload becomes its type's record, each field read straight into its component (a payload written before its
 * type, or of a type this node does not know, goes through the maps and lists decoding it with Vert.x gave). User
 * ids, which recur from event to event (actors, audiences), come back as one shared String each, so the read model
 * keeps one copy of an author, not one per todo. One reader per thread.
 */
final class EventReader {
  private static final JsonFactory JSON = new JsonFactory();
  private static final int NAMES = 4096;

  private final String[] names = new String[NAMES];

  Event read(byte[] bytes, int offset, int length, long cursor) throws IOException {
    try (JsonParser p = JSON.createParser(bytes, offset, length)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("an event is a JSON object");
      }
      String eventId = null;
      String type = null;
      String listId = null;
      long version = 0;
      String commandId = null;
      String actor = null;
      List<String> audience = List.of();
      String at = null;
      Event.Payload payload = null;
      Map<String, Object> untyped = null;
      int partition = -1;
      String fence = null;
      long fingerprint = 0;
      String field;
      while ((field = p.nextFieldName()) != null) {
        JsonToken t = p.nextToken();
        switch (field) {
          case "eventId" -> eventId = text(p, t);
          case "type" -> type = Event.canonicalType(text(p, t));
          case "listId" -> listId = text(p, t);
          case "version" -> version = number(p, t);
          case "commandId" -> commandId = text(p, t);
          case "actor" -> actor = name(p, t);
          case "audience" -> audience = audience(p, t);
          case "at" -> at = text(p, t);
          case "payload" -> {
            RecordCodec<?> codec = Event.payloadCodec(type);
            if (t != JsonToken.START_OBJECT) {
              p.skipChildren();
            } else if (codec != null) {
              payload = typed(p, codec);
            } else {
              untyped = object(p);
            }
          }
          case "partition" -> partition = (int) number(p, t);
          case "fence" -> fence = text(p, t);
          case "fingerprint" -> fingerprint = fingerprint(text(p, t));
          default -> p.skipChildren();
        }
      }
      if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
        throw new IOException("trailing content after the event");
      }
      if (payload == null) {
        payload = read(type, untyped == null ? new LinkedHashMap<>() : untyped);
      }
      return new Event(eventId, type, listId, version, commandId, actor, audience, at, payload, cursor, partition, fence,
        fingerprint);
    }
  }

  private static long fingerprint(String hex) throws IOException {
    try {
      return hex == null ? 0 : Long.parseUnsignedLong(hex, 16);
    } catch (NumberFormatException e) {
      throw new IOException("a fingerprint is a hexadecimal number, not " + hex);
    }
  }

  private static Event.Payload typed(JsonParser p, RecordCodec<?> codec) throws IOException {
    Object[] values = new Object[codec.size()];
    String field;
    while ((field = p.nextFieldName()) != null) {
      JsonToken t = p.nextToken();
      int i = codec.index(field);
      if (i < 0) {
        p.skipChildren();
      } else {
        values[i] = read(codec, i, value(p, t));
      }
    }
    return (Event.Payload) codec.make(values);
  }

  private static Object read(RecordCodec<?> codec, int i, Object value) throws IOException {
    try {
      return codec.read(i, value);
    } catch (IllegalArgumentException e) {
      throw new IOException(e.getMessage());
    }
  }

  private static Event.Payload read(String type, Map<String, Object> values) throws IOException {
    try {
      return Event.payload(type, values);
    } catch (IllegalArgumentException e) {
      throw new IOException(e.getMessage());
    }
  }

  private static long number(JsonParser p, JsonToken t) throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      return 0;
    }
    if (!t.isNumeric()) {
      throw new IOException("expected a number, got " + t);
    }
    return p.getLongValue();
  }

  private static String text(JsonParser p, JsonToken t) throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (t.isStructStart()) {
      throw new IOException("expected a string, got " + t);
    }
    return p.getText();
  }

  /** A user id: the String seen last with the same characters, if it is still in the table. */
  private String name(JsonParser p, JsonToken t) throws IOException {
    if (t != JsonToken.VALUE_STRING) {
      return text(p, t);
    }
    char[] chars = p.getTextCharacters();
    int from = p.getTextOffset();
    int len = p.getTextLength();
    int h = 0;
    for (int i = from; i < from + len; i++) {
      h = 31 * h + chars[i];
    }
    int slot = (h ^ (h >>> 16)) & (NAMES - 1);
    String known = names[slot];
    if (known != null && known.length() == len && known.hashCode() == h && sameChars(known, chars, from)) {
      return known;
    }
    String fresh = new String(chars, from, len);
    names[slot] = fresh;
    return fresh;
  }

  private static boolean sameChars(String s, char[] chars, int from) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) != chars[from + i]) {
        return false;
      }
    }
    return true;
  }

  private List<String> audience(JsonParser p, JsonToken t) throws IOException {
    if (t != JsonToken.START_ARRAY) {
      if (t == JsonToken.VALUE_NULL) {
        return List.of();
      }
      throw new IOException("audience is a list");
    }
    String first = null;
    String[] more = null;
    int n = 0;
    for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
      String id = e == JsonToken.VALUE_NULL ? "null" : name(p, e);
      if (n == 0) {
        first = id;
      } else {
        if (more == null) {
          more = new String[8];
          more[0] = first;
        } else if (n == more.length) {
          more = Arrays.copyOf(more, n * 2);
        }
        more[n] = id;
      }
      n++;
    }
    return n == 0 ? List.of() : n == 1 ? List.of(first) : List.of(Arrays.copyOf(more, n));
  }

  /** The same values Vert.x's own decoding makes: LinkedHashMap, ArrayList, String, Jackson's Number, Boolean. */
  private static Map<String, Object> object(JsonParser p) throws IOException {
    Map<String, Object> map = new LinkedHashMap<>(8);
    String field;
    while ((field = p.nextFieldName()) != null) {
      map.put(field, value(p, p.nextToken()));
    }
    return map;
  }

  private static Object value(JsonParser p, JsonToken t) throws IOException {
    return switch (t) {
      case START_OBJECT -> object(p);
      case START_ARRAY -> {
        List<Object> list = new ArrayList<>();
        for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
          list.add(value(p, e));
        }
        yield list;
      }
      case VALUE_STRING -> p.getText();
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getNumberValue();
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      case VALUE_NULL -> null;
      default -> throw new IOException("unexpected " + t);
    };
  }
}
