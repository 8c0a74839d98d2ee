package dev.eventual.readmodel;

import dev.eventual.domain.Facts;
import io.vertx.core.json.JsonObject;

/**
 * Saga state, and all there is of it (README, "Sagas"): a todo of a list on its way to another, kept in its list's
 * {@link TodoList#moves()} from the move's first step to its last. The todo itself stays as it was meanwhile,
 * so undoing the move is forgetting this; a snapshot of the read model must keep it.
 */
public record Move(String sagaId, String todoId, String toListId, String actor, String text, boolean completed)
  implements Facts.MoveFacts {
  public JsonObject toJson() {
    return new JsonObject().put("sagaId", sagaId).put("toListId", toListId);
  }
}
