package io.mindmesh.analytics.events.messaging;

import io.mindmesh.common.events.PlatformEvent;
import io.quarkus.kafka.client.serialization.ObjectMapperDeserializer;

/**
 * Reads the CloudEvents JSON of {@code mindmesh.execution-events} into the shared contract type.
 * A value that does not parse becomes a null payload (the channel sets
 * {@code fail-on-deserialization-failure=false}), which the consumer dead-letters.
 */
public class PlatformEventDeserializer extends ObjectMapperDeserializer<PlatformEvent> {

    public PlatformEventDeserializer() {
        super(PlatformEvent.class);
    }
}
