package dev.eventual.readmodel;

import dev.eventual.readmodel.storage.OutcomeIndex;

import java.util.List;
import java.util.Map;

/**
 * What the read model held at {@code cursor}, taken between two events (see {@link State#capture()}): immutable, so a
 * snapshot can be written from it on another thread while the fold goes on; and what a snapshot read back restores.
 */
public record CapturedState(long cursor, String cursorEventId, long eventCount, long staleDecisions, long sessionsEnded,
                            Map<Integer, String> fences, List<User> users, Map<String, Long> endedSessions,
                            List<TodoList> lists, OutcomeIndex.View outcomes) {
}
