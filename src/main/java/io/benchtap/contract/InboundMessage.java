package io.benchtap.contract;

import java.time.Instant;

/**
 * One MQTT message on its way from the ingest verticle to its pipeline worker (handed over with
 * {@code Context.runOnContext}, not copied); also the token by which a held message is found again.
 */
public record InboundMessage(String topic, byte[] payload, Instant arrival) {
}
