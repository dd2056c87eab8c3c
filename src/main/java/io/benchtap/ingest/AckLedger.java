package io.benchtap.ingest;

import io.benchtap.sink.durable.Unacked;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Keeps a message in {@link Unacked} until the broker has certainly read its PUBACK, because the
 * durable sinks keep, for the next start, only the marks of what they wrote after the oldest
 * entry there (their horizon): a message the broker can still send again must stay in it.
 *
 * <ul>
 *   <li>A PUBACK written is not yet read: the broker may die or the connection drop first. It is
 *       confirmed by the PINGRESP to a PINGREQ sent after it (a broker handles a client's packets
 *       in order); only then the message leaves {@link Unacked}.
 *   <li>A message whose PUBACK was not written (its connection had closed), or was written and not
 *       confirmed before the connection closed, is an orphan: the broker sends it again on the next
 *       connection, right after CONNACK. Orphans stay in {@link Unacked} until every message
 *       received on the new connection before the PINGRESP to its first PINGREQ (so every
 *       redelivery) is confirmed. A redelivery of a message with {@code seq} is acknowledged only
 *       once its first copy is stored, so by then what the orphan wrote is held, and its mark is
 *       after the horizon as long as it may be needed.
 * </ul>
 *
 * <p>Plain Java, used on the ingest verticle's context only. The verticle calls {@link #ping} when
 * it sends a PINGREQ and {@link #pong} for every PINGRESP.
 */
final class AckLedger {
  private final Unacked unacked;
  /** Tickets received on the current connection and not yet confirmed or done without a PUBACK. */
  private final Set<Long> open = new HashSet<>();
  /** Tickets whose PUBACK was written on the current connection since the last PINGREQ. */
  private List<Long> written = new ArrayList<>();
  /** For each PINGREQ not answered yet, in order: the tickets its PINGRESP confirms. */
  private final ArrayDeque<List<Long>> pings = new ArrayDeque<>();
  private final List<Long> orphans = new ArrayList<>();
  /** Tickets received before the first PINGRESP of this connection and still open; null before it. */
  private Set<Long> settling;
  private boolean connected;
  private long connectionStart;
  private long nextTicket;

  AckLedger(Unacked unacked) {
    this.unacked = unacked;
  }

  /** A message arrived at {@code nanos}; returns its ticket. */
  long received(long nanos) {
    long t = unacked.add(nanos);
    nextTicket = t + 1;
    if (connected) {
      open.add(t);
    }
    return t;
  }

  /** A connection was accepted (CONNACK); the verticle sends a PINGREQ at once. */
  void connected() {
    connected = true;
    connectionStart = nextTicket;
    open.clear();
    settling = null;
  }

  /** The PUBACK of {@code ticket} was written on the current connection. */
  void acked(long ticket) {
    written.add(ticket);
  }

  /** The message of {@code ticket} needs no PUBACK (QoS 0): done. */
  void noAckNeeded(long ticket) {
    unacked.remove(ticket);
    close(ticket);
  }

  /** The message of {@code ticket} was not acknowledged: its connection closed before it was done. */
  void dropped(long ticket) {
    if (connected && settling != null && settling.isEmpty() && ticket < connectionStart) {
      // Its redelivery came on this connection before the first PINGRESP and was confirmed.
      unacked.remove(ticket);
    } else {
      orphans.add(ticket);
    }
  }

  /** Whether PUBACKs wait for a PINGREQ to confirm them. */
  boolean waiting() {
    return !written.isEmpty();
  }

  /** A PINGREQ is sent now. */
  void ping() {
    pings.add(written);
    written = new ArrayList<>();
  }

  /** A PINGRESP arrived: confirms the PUBACKs written before its PINGREQ. */
  void pong() {
    List<Long> confirmed = pings.poll();
    if (confirmed == null) {
      return;
    }
    if (settling == null) {
      settling = new HashSet<>(open);
    }
    for (long t : confirmed) {
      unacked.remove(t);
      close(t);
    }
    releaseOrphans();
  }

  private void close(long ticket) {
    open.remove(ticket);
    if (settling != null) {
      settling.remove(ticket);
    }
  }

  private void releaseOrphans() {
    if (settling != null && settling.isEmpty() && !orphans.isEmpty()) {
      for (long t : orphans) {
        unacked.remove(t);
      }
      orphans.clear();
    }
  }

  /** The connection closed: what was written and not confirmed becomes an orphan. */
  void disconnected() {
    connected = false;
    for (List<Long> l : pings) {
      orphans.addAll(l);
    }
    pings.clear();
    orphans.addAll(written);
    written = new ArrayList<>();
    open.clear();
    settling = null;
  }

  /** PINGREQs sent and not answered yet. */
  int pingsOutstanding() {
    return pings.size();
  }

  /** Orphans kept now. */
  int orphans() {
    return orphans.size();
  }
}
