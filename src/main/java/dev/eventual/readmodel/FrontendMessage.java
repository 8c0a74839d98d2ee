package dev.eventual.readmodel;

import dev.eventual.domain.Event;
import io.vertx.core.json.JsonObject;

import java.util.List;

/** The one builder of the frontend message pushed to {@code user.<id>} and returned by the catch-up query. */
public final class FrontendMessage {
  private FrontendMessage() {
  }

  /** The whole message, every field of its payload: for whoever may see all of it ({@link #seeingAll}). */
  public static JsonObject of(Event event, State state) {
    JsonObject payload = new JsonObject(event.payloadMap());
    payload.remove("credential");
    return new JsonObject()
      .put("action", event.action())
      .put("type", event.type())
      .put("payload", payload)
      .put("commandId", event.commandId())
      .put("status", event.status())
      .put("listId", event.listId())
      .put("version", event.version())
      .put("cursor", event.cursor())
      .put("at", event.at())
      .put("actor", event.actor())
      .put("actorName", state.usernameOf(event.actor()));
  }

  /** The message as {@code userId} may see it: another list is named only to that list's members ({@link Event.FromList}). */
  public static JsonObject of(Event event, State state, String userId) {
    JsonObject message = of(event, state);
    return mayKnowAll(event, state, userId) ? message : hideOtherList(message);
  }

  /** Who of the event's audience may see the whole message; the others get {@link #hidden}. */
  public static List<String> seeingAll(Event event, State state) {
    return event.payload() instanceof Event.FromList
      ? event.audience().stream().filter(u -> mayKnowAll(event, state, u)).toList() : event.audience();
  }

  /** The message without the other list's ids, for the rest of the audience. */
  public static JsonObject hidden(Event event, State state) {
    return hideOtherList(of(event, state));
  }

  private static boolean mayKnowAll(Event event, State state, String userId) {
    return !(event.payload() instanceof Event.FromList from) || ListView.mayKnow(state, from.fromListId(), userId);
  }

  private static JsonObject hideOtherList(JsonObject message) {
    JsonObject payload = message.getJsonObject("payload");
    payload.remove("fromListId");
    payload.remove("fromTodoId");
    return message;
  }
}
