package io.mindmesh.orchestrator.execution;

import java.time.Duration;
import java.util.Optional;

/**
 * This replica's runner as an admission sees it: an execution admitted here starts at once, without
 * a trip through the queue, when the runner has room for one more.
 */
public interface LocalRunner {

    /** This replica's worker name, when it can run one more execution now. */
    Optional<String> freeSlot();

    /** How long a claim lasts before the runner must renew it. */
    Duration leaseDuration();
}
