package io.mindmesh.analytics.events.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mindmesh.analytics.IsoTimestamps;
import io.mindmesh.analytics.events.AgentEvent;
import io.mindmesh.analytics.events.AgentEventsRequest;
import io.mindmesh.analytics.events.AgentEventsResponse;
import io.mindmesh.analytics.events.Environment;
import io.mindmesh.analytics.events.EventFilters;
import io.mindmesh.analytics.events.EventQuery;
import io.mindmesh.analytics.events.StoredEvent;
import io.mindmesh.analytics.events.StoredPayloads;
import io.mindmesh.analytics.events.repository.EventRepository;
import io.mindmesh.common.error.ApiException;
import io.mindmesh.common.error.ErrorCode;
import io.mindmesh.common.request.Caller;
import io.mindmesh.common.time.DateRange;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Map;

@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class AgentEventsService {

    private static final String START_DATE = "filters.startDate";
    private static final String END_DATE = "filters.endDate";

    private final EventRepository repository;
    private final ObjectMapper objectMapper;

    public AgentEventsService(EventRepository repository, ObjectMapper objectMapper) {
        this.repository = repository;
        this.objectMapper = objectMapper;
    }

    /**
     * The account's events for one agent, newest first.
     *
     * @throws ApiException 401 when the agent is not the account's: the account has no event of it
     *                      in any environment. An agent of another account and an agent id that
     *                      exists nowhere get the same answer, so it never reveals which ids exist.
     */
    public AgentEventsResponse query(Caller caller, AgentEventsRequest request) {
        EventQuery query = toQuery(caller, request);
        List<StoredEvent> events = Environment.readableBy(caller).contains(query.environment())
                ? repository.findForAgent(query) : List.of();
        // Only an empty page needs the ownership check: any event found is the account's own.
        if (events.isEmpty() && !repository.hasAgent(caller.accountId(), request.agentId())) {
            throw new ApiException(401, ErrorCode.UNAUTHORIZED, "The agent does not belong to your organization",
                    Map.of("field", "agentId"));
        }
        return AgentEventsResponse.of(events.stream().map(this::toView).toList(), query.limit(), query.offset());
    }

    private static EventQuery toQuery(Caller caller, AgentEventsRequest request) {
        EventFilters filters = request.filtersOrNone();
        DateRange range = DateRange.parse(START_DATE, filters.startDate(), END_DATE, filters.endDate());
        return new EventQuery(caller.accountId(), request.agentId(), filters.environmentOrDefault(caller),
                blankToNull(filters.sessionId()), blankToNull(filters.eventName()), range.from(), range.to(),
                request.limitOrDefault(), request.offsetOrDefault());
    }

    private AgentEvent toView(StoredEvent event) {
        return new AgentEvent(event.id, event.agentId, event.sessionId, event.environment, event.eventName,
                StoredPayloads.read(objectMapper, event), IsoTimestamps.format(event.createdAt));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
