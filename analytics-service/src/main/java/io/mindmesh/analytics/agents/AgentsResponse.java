package io.mindmesh.analytics.agents;

import java.util.List;

public record AgentsResponse(boolean success, List<AgentSummary> data, int count) {

    public static AgentsResponse of(List<AgentSummary> data) {
        return new AgentsResponse(true, data, data.size());
    }
}
