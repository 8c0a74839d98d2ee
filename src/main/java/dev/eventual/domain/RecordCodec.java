package dev.eventual.domain;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A record's components by name, in declaration order: how a command's body and an event's payload become the plain
 * maps and lists the edge writes as JSON, and how the values the edge read come back as the record. A component is
 * written even when null (as the log always had it) unless it is {@link OrAbsent}. One codec per record class.
 */
public final class RecordCodec<R extends Record> {
  /** A component left out when it is null, and null when it is missing. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.RECORD_COMPONENT)
  public @interface OrAbsent {
  }

  private static final ClassValue<RecordCodec<?>> CODECS = new ClassValue<>() {
    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    protected RecordCodec<?> computeValue(Class<?> type) {
      return new RecordCodec(type.asSubclass(Record.class));
    }
  };

  private final Class<R> type;
  private final String[] names;
  private final Class<?>[] types;
  /** For a component that is a record, or a list of records: that record's codec. */
  private final RecordCodec<?>[] nested;
  private final boolean[] orAbsent;
  private final MethodHandle constructor;
  private final MethodHandle[] accessors;

  private RecordCodec(Class<R> type) {
    this.type = type;
    RecordComponent[] components = type.getRecordComponents();
    names = Arrays.stream(components).map(RecordComponent::getName).toArray(String[]::new);
    types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
    nested = new RecordCodec<?>[components.length];
    orAbsent = new boolean[components.length];
    accessors = new MethodHandle[components.length];
    try {
      MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(type, MethodHandles.lookup());
      for (int i = 0; i < components.length; i++) {
        orAbsent[i] = components[i].isAnnotationPresent(OrAbsent.class);
        Class<?> element = types[i] == List.class && components[i].getGenericType() instanceof ParameterizedType p
          && p.getActualTypeArguments()[0] instanceof Class<?> c ? c : types[i];
        nested[i] = element.isRecord() ? of(element.asSubclass(Record.class)) : null;
        accessors[i] = lookup.unreflect(components[i].getAccessor()).asType(MethodType.methodType(Object.class, Object.class));
      }
      constructor = lookup.findConstructor(type, MethodType.methodType(void.class, types))
        .asSpreader(Object[].class, types.length).asType(MethodType.methodType(Object.class, Object[].class));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(type + " is not a public record", e);
    }
  }

  @SuppressWarnings("unchecked")
  public static <R extends Record> RecordCodec<R> of(Class<R> type) {
    return (RecordCodec<R>) CODECS.get(type);
  }

  /** The record's components as a map in their order, records in it as maps too. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> toMap(Record value) {
    return ((RecordCodec<Record>) CODECS.get(value.getClass())).map(value);
  }

  public int size() {
    return names.length;
  }

  public String name(int i) {
    return names[i];
  }

  public boolean orAbsent(int i) {
    return orAbsent[i];
  }

  /** The position of the component named {@code name}, or -1. */
  public int index(String name) {
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals(name)) {
        return i;
      }
    }
    return -1;
  }

  /** The record of these component values (nulls for primitives read as 0 and false); what it throws, as thrown. */
  @SuppressWarnings("unchecked")
  public R make(Object[] values) {
    for (int i = 0; i < values.length; i++) {
      if (values[i] == null && types[i].isPrimitive()) {
        values[i] = types[i] == boolean.class ? Boolean.FALSE : types[i] == long.class ? (Object) 0L : (Object) 0;
      }
    }
    try {
      return (R) (Object) constructor.invokeExact(values);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A plain value (String, Number, Boolean, Map, List or null, as a JSON reader makes them) as component {@code i}'s
   * type, or {@link IllegalArgumentException} naming the component.
   */
  public Object read(int i, Object raw) {
    Class<?> t = types[i];
    if (raw == null || t == Object.class) {
      return raw;
    }
    if (t == String.class && raw instanceof String
      || (t == boolean.class || t == Boolean.class) && raw instanceof Boolean
      || t == Map.class && raw instanceof Map) {
      return raw;
    }
    if (raw instanceof Number n && (t == long.class || t == Long.class)) {
      return n.longValue();
    }
    if (raw instanceof Number n && (t == int.class || t == Integer.class)) {
      return n.intValue();
    }
    if (nested[i] != null && t != List.class && raw instanceof Map<?, ?> m) {
      return nested[i].fromMap(m);
    }
    if (t == List.class && raw instanceof List<?> list) {
      List<Object> values = new ArrayList<>(list.size());
      for (Object e : list) {
        values.add(nested[i] != null && e instanceof Map<?, ?> m ? nested[i].fromMap(m) : e);
      }
      return Collections.unmodifiableList(values);
    }
    throw new IllegalArgumentException(type.getSimpleName() + "." + names[i] + " cannot be " + raw.getClass().getSimpleName());
  }

  /** The record of the values a map holds under its components' names; other keys are ignored. */
  public R fromMap(Map<?, ?> map) {
    Object[] values = new Object[names.length];
    for (int i = 0; i < names.length; i++) {
      values[i] = read(i, map.get(names[i]));
    }
    return make(values);
  }

  public Map<String, Object> map(R value) {
    Map<String, Object> map = new LinkedHashMap<>(names.length * 2);
    try {
      for (int i = 0; i < names.length; i++) {
        Object v = (Object) accessors[i].invokeExact((Object) value);
        if (v != null || !orAbsent[i]) {
          map.put(names[i], plain(v));
        }
      }
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
    return map;
  }

  private static Object plain(Object v) {
    if (v instanceof Record r) {
      return toMap(r);
    }
    if (v instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Record) {
      return list.stream().map(RecordCodec::plain).toList();
    }
    return v;
  }
}
