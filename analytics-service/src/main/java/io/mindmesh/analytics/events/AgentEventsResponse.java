package io.mindmesh.analytics.events;

import java.util.List;

/** @param count the number of events in {@code data}, not a total */
public record AgentEventsResponse(boolean success, List<AgentEvent> data, int count, int limit, int offset) {

    public static AgentEventsResponse of(List<AgentEvent> data, int limit, int offset) {
        return new AgentEventsResponse(true, data, data.size(), limit, offset);
    }
}
