package io.benchtap.pipeline;

import java.time.Instant;

/**
 * One MQTT message on its way from the ingest verticle to its pipeline worker, passed over the
 * local event bus without copying.
 */
public record InboundMessage(String topic, byte[] payload, Instant arrival) {
}
