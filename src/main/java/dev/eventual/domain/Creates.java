package dev.eventual.domain;

/** What a command makes: an id derived from its commandId (so a retry names the same one), and 201 vs 200. */
public enum Creates {
  NOTHING, LIST, TODO, USER, MEMBER;

  public boolean created() {
    return this != NOTHING;
  }
}
