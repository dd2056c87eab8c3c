package io.benchtap.pipeline;

import io.benchtap.model.Measurement;
import io.benchtap.model.RunEvent;
import io.benchtap.parse.ParserRegistry;
import io.benchtap.sink.MeasurementSink;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses the streams routed to it, in order, on one Vert.x context, and hands what each message
 * produced to every sink. Hosted either by a {@link PipelineVerticle} (its own event loop) or by
 * the ingest verticle itself ({@code pipeline.workers = 0}: parse on the MQTT connection's event
 * loop, no thread hand-off at all).
 *
 * <p>Everything produced is also published on {@link PipelineVerticle#MEASUREMENTS} for the
 * in-process listeners (live page, analysis). Publishing is coalesced: the batches of all messages
 * handled in one turn of the event loop go out together at the end of that turn, so a burst of
 * messages costs the listeners one wake-up rather than one per message.
 */
public final class PipelineWorker {
  private final Vertx vertx;
  private final Context context;
  private final StreamProcessor processor;
  private final PipelineMetrics metrics;
  private final List<MeasurementSink> sinks;
  private final List<PipelineVerticle.Batch> pending = new ArrayList<>();
  private final long expiryTimer;
  private final long holdTimer;
  /** Acknowledgements of messages held for an earlier seq, by message (the processor's token). */
  private final java.util.IdentityHashMap<Object, io.vertx.core.Promise<Void>> waiting = new java.util.IdentityHashMap<>();
  private int lastOpen;
  private boolean flushScheduled;
  private boolean closed;

  /** Creates a worker bound to the current Vert.x context (call it on that context). */
  public PipelineWorker(Vertx vertx, ParserRegistry parsers, PipelineConfig config, String topicPrefix,
      PipelineMetrics metrics, List<MeasurementSink> sinks) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.processor = new StreamProcessor(parsers, config, topicPrefix, metrics);
    this.metrics = metrics;
    this.sinks = List.copyOf(sinks);
    long period = Math.max(1000, Math.min(30_000, config.streamTtl().toMillis() / 4));
    this.expiryTimer = vertx.setPeriodic(period, id -> deliverAndRelease(processor.expire(Instant.now())));
    long hold = config.reorderHold().toMillis();
    this.holdTimer = hold <= 0 ? -1
        : vertx.setPeriodic(Math.max(10, hold / 4), id -> deliverAndRelease(processor.releaseOverdue(Instant.now())));
  }

  /** The context every method of this worker must be called on. */
  public Context context() {
    return context;
  }

  /**
   * Processes one message; the future completes when every sink holds its measurements (at once
   * when they all take them synchronously, as the Prometheus sink does).
   */
  public Future<Void> handle(InboundMessage in) {
    Outcome outcome = processor.process(in.topic(), in.payload(), in.arrival(), in);
    if (outcome.held()) {
      // Waits for an earlier seq of its stream: acknowledged when it is finally processed.
      io.vertx.core.Promise<Void> later = io.vertx.core.Promise.promise();
      waiting.put(in, later);
      return later.future();
    }
    return deliverAndRelease(outcome);
  }

  /** Delivers an outcome; the messages it released from the hold complete with it. */
  private Future<Void> deliverAndRelease(Outcome outcome) {
    Future<Void> stored = deliver(outcome);
    for (Object token : outcome.released()) {
      io.vertx.core.Promise<Void> p = waiting.remove(token);
      if (p != null) {
        stored.onComplete(p);
      }
    }
    return stored;
  }

  private Future<Void> deliver(Outcome outcome) {
    int open = processor.openStreams();
    if (open != lastOpen) {
      metrics.openStreamsDelta(open - lastOpen);
      lastOpen = open;
    }
    if (outcome.measurements().isEmpty() && outcome.events().isEmpty()) {
      return Future.succeededFuture();
    }
    List<Measurement> ms = outcome.measurements();
    List<RunEvent> events = outcome.events();
    List<Future<Void>> writes = null;
    for (MeasurementSink sink : sinks) {
      Future<Void> f;
      try {
        f = sink.write(ms, events);
      } catch (RuntimeException e) {
        f = Future.failedFuture(e);
      }
      if (f.succeeded()) {
        continue;
      }
      if (writes == null) {
        writes = new ArrayList<>(sinks.size());
      }
      writes.add(f);
    }
    announce(ms, events);
    return writes == null ? Future.succeededFuture() : Future.join(writes).mapEmpty();
  }

  /**
   * Queues a batch for the listeners. A batch without run events joins the previous one (the
   * listeners handle a batch's events before its measurements, so appending measurements keeps
   * the order they would have seen); a batch with events starts a new one. Queued batches own
   * their measurement list (a copy), so joining appends to it.
   */
  private void announce(List<Measurement> ms, List<RunEvent> events) {
    if (events.isEmpty() && !pending.isEmpty()) {
      pending.get(pending.size() - 1).measurements().addAll(ms);
    } else {
      pending.add(new PipelineVerticle.Batch(new ArrayList<>(ms), events));
    }
    if (!flushScheduled) {
      flushScheduled = true;
      context.runOnContext(v -> flush());
    }
  }

  private void flush() {
    flushScheduled = false;
    for (PipelineVerticle.Batch b : pending) {
      vertx.eventBus().publish(PipelineVerticle.MEASUREMENTS, b);
    }
    pending.clear();
  }

  /** Ends every open stream (a clean shutdown loses no final summary) and publishes what is queued. */
  public Future<Void> close() {
    if (closed) {
      return Future.succeededFuture();
    }
    closed = true;
    vertx.cancelTimer(expiryTimer);
    if (holdTimer >= 0) {
      vertx.cancelTimer(holdTimer);
    }
    Future<Void> rest = deliverAndRelease(processor.closeAll(Instant.now()));
    flush();
    return rest.recover(e -> Future.succeededFuture());
  }
}
