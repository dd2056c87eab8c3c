package io.benchtap.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchtap.sink.durable.Unacked;
import org.junit.jupiter.api.Test;

/** A message leaves Unacked (and lets the durable sinks' horizon pass it) only when the broker cannot send it again. */
class AckLedgerTest {
  private final Unacked unacked = new Unacked();
  private final AckLedger ledger = new AckLedger(unacked);

  @Test
  void aWrittenPubackCountsOnlyOnceAPingreqAfterItIsAnswered() {
    ledger.connected();
    ledger.ping();
    ledger.pong();
    long t = ledger.received(100);
    ledger.acked(t);
    assertThat(unacked.getAsLong()).isEqualTo(100);
    assertThat(ledger.waiting()).isTrue();
    ledger.ping();
    assertThat(unacked.getAsLong()).as("PINGREQ sent, not answered").isEqualTo(100);
    ledger.pong();
    assertThat(unacked.getAsLong()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void aPingreqSentBeforeThePubackDoesNotConfirmIt() {
    ledger.connected();
    long t = ledger.received(100);
    ledger.ping();
    ledger.acked(t);
    ledger.pong();
    assertThat(unacked.getAsLong()).isEqualTo(100);
    ledger.ping();
    ledger.pong();
    assertThat(unacked.getAsLong()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void anUnconfirmedMessageOfAClosedConnectionStaysUntilTheNextConnectionsRedeliveriesAreConfirmed() {
    ledger.connected();
    ledger.ping();
    ledger.pong();
    long written = ledger.received(100);
    long inPipeline = ledger.received(200);
    ledger.acked(written);
    ledger.disconnected();
    // The one still in the pipeline finishes after the connection is gone: not acknowledged.
    ledger.dropped(inPipeline);
    assertThat(ledger.orphans()).isEqualTo(2);
    ledger.connected();
    ledger.ping();
    // The broker sends both again right after CONNACK, before the PINGRESP.
    long again1 = ledger.received(300);
    long again2 = ledger.received(301);
    ledger.pong();
    assertThat(unacked.getAsLong()).as("orphans still there").isEqualTo(100);
    long fresh = ledger.received(400);
    ledger.acked(again1);
    ledger.acked(fresh);
    ledger.ping();
    ledger.pong();
    assertThat(unacked.getAsLong()).as("a redelivery not confirmed yet").isEqualTo(100);
    ledger.acked(again2);
    ledger.ping();
    ledger.pong();
    assertThat(ledger.orphans()).isZero();
    assertThat(unacked.getAsLong()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void withNothingSentAgainTheFirstPingrespReleasesTheOrphans() {
    ledger.connected();
    long t = ledger.received(100);
    ledger.disconnected();
    ledger.dropped(t);
    ledger.connected();
    ledger.ping();
    ledger.pong();
    assertThat(unacked.getAsLong()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void aLateMessageOfAnOldConnectionIsDoneAtOnceWhenTheNewOneSettled() {
    ledger.connected();
    long old = ledger.received(100);
    ledger.disconnected();
    ledger.connected();
    ledger.ping();
    ledger.pong();
    ledger.dropped(old);
    assertThat(unacked.getAsLong()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void qos0MessagesNeedNoConfirmation() {
    ledger.connected();
    long t = ledger.received(100);
    ledger.noAckNeeded(t);
    assertThat(unacked.getAsLong()).isEqualTo(Long.MAX_VALUE);
  }
}
