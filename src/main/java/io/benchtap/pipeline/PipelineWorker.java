package io.benchtap.pipeline;

import io.benchtap.contract.InboundMessage;
import io.benchtap.contract.MessageHandler;
import io.benchtap.model.Mark;
import io.benchtap.model.Measurement;
import io.benchtap.model.MeasurementBatch;
import io.benchtap.model.RunEvent;
import io.benchtap.parse.ParserRegistry;
import io.benchtap.sink.MeasurementSink;
import io.benchtap.sink.SinkBatch;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Parses the streams routed to it, in order, on one Vert.x context, and hands what each message
 * produced to every sink. Hosted either by a {@link PipelineVerticle} (its own event loop) or by
 * the ingest verticle itself ({@code pipeline.workers = 0}: parse on the MQTT connection's event
 * loop, no thread hand-off at all).
 *
 * <p>A message of many lines is parsed a slice at a time ({@link StreamProcessor#continueSlices}),
 * one slice per turn of the event loop, so that the other streams of the worker go on meanwhile.
 *
 * <p>Everything produced is also published on {@link MeasurementBatch#ADDRESS} for the
 * in-process listeners (live page, analysis). Publishing is coalesced: the batches of all messages
 * handled in one turn of the event loop go out together at the end of that turn, so a burst of
 * messages costs the listeners one wake-up rather than one per message.
 */
public final class PipelineWorker implements MessageHandler {
  private final Vertx vertx;
  private final Context context;
  private final StreamProcessor processor;
  private final PipelineMetrics metrics;
  private final List<MeasurementSink> sinks;
  /** For each sink, its bit among the durable sinks (as in {@link Outcome.Skip#sinks()}), or -1. */
  private final int[] durableBit;
  private final List<MeasurementBatch> pending = new ArrayList<>();
  private final long expiryTimer;
  private final long holdTimer;
  /** Acknowledgements of messages held for an earlier seq, by message (the processor's token). */
  private final java.util.IdentityHashMap<Object, io.vertx.core.Promise<Void>> waiting = new java.util.IdentityHashMap<>();
  /**
   * Agent messages processed whose writes are not complete yet: a redelivery of one of them is
   * done only when the first copy is stored (acknowledging it earlier would acknowledge data that
   * a failing sink does not hold yet).
   */
  private final Map<Mark, Future<Void>> storing = new java.util.HashMap<>();
  private int lastOpen;
  private boolean flushScheduled;
  private boolean sliceScheduled;
  private boolean closed;

  /** Creates a worker bound to the current Vert.x context (call it on that context). */
  public PipelineWorker(Vertx vertx, ParserRegistry parsers, PipelineConfig config, String topicPrefix,
      PipelineMetrics metrics, List<MeasurementSink> sinks) {
    this(vertx, parsers, config, topicPrefix, metrics, sinks, Map.of());
  }

  /**
   * Creates a worker bound to the current Vert.x context (call it on that context).
   *
   * @param recovered agent messages the durable sinks held at start-up, with the bits of the
   *     durable sinks (in {@code sinks} order) that hold each; see {@link StreamProcessor#recovered}
   */
  public PipelineWorker(Vertx vertx, ParserRegistry parsers, PipelineConfig config, String topicPrefix,
      PipelineMetrics metrics, List<MeasurementSink> sinks, Map<Mark, Integer> recovered) {
    this(vertx, parsers, config, topicPrefix, metrics, sinks, recovered, false);
  }

  /**
   * As above; with {@code replay} the recovered messages are parsed again when they come (and
   * written only to the sinks that do not hold them), see
   * {@link StreamProcessor#recovered(Map, int, Instant, boolean)}.
   */
  public PipelineWorker(Vertx vertx, ParserRegistry parsers, PipelineConfig config, String topicPrefix,
      PipelineMetrics metrics, List<MeasurementSink> sinks, Map<Mark, Integer> recovered, boolean replay) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.processor = new StreamProcessor(parsers, config, topicPrefix, metrics);
    // A Kafka processor (replay) orders finished statuses itself, one record at a time.
    processor.holdFinished(!replay);
    this.metrics = metrics;
    this.sinks = List.copyOf(sinks);
    this.durableBit = new int[this.sinks.size()];
    int bits = 0;
    for (int i = 0; i < this.sinks.size(); i++) {
      durableBit[i] = this.sinks.get(i).durable() ? bits++ : -1;
    }
    if (!recovered.isEmpty()) {
      processor.recovered(recovered, (1 << bits) - 1, Instant.now(), replay);
    }
    long period = Math.max(1000, Math.min(30_000, config.streamTtl().toMillis() / 4));
    this.expiryTimer = vertx.setPeriodic(period, id -> deliverAndRelease(processor.expire(Instant.now())));
    long hold = config.reorderHold().toMillis();
    this.holdTimer = hold <= 0 ? -1
        : vertx.setPeriodic(Math.max(10, hold / 4), id -> {
          deliverAndRelease(processor.releaseOverdue(Instant.now()));
          scheduleSlices();
        });
  }

  /** The context every method of this worker must be called on. */
  @Override
  public Context context() {
    return context;
  }

  /**
   * Processes one message; the future completes when every sink holds its measurements (at once
   * when they all take them synchronously, as the Prometheus sink does).
   */
  @Override
  public Future<Void> handle(InboundMessage in) {
    Outcome outcome = processor.process(in.topic(), in.payload(), in.arrival(), in);
    Future<Void> done;
    if (outcome.duplicate()) {
      Future<Void> first = storing.get(outcome.self());
      done = first != null ? first : Future.succeededFuture();
    } else if (outcome.held()) {
      // Waits for an earlier seq of its stream, or for a message of its stream parsed in
      // slices: acknowledged when it is finally processed and stored.
      io.vertx.core.Promise<Void> later = io.vertx.core.Promise.promise();
      waiting.put(in, later);
      if (outcome.self() != null) {
        track(outcome.self(), later.future());
      }
      if (!outcome.isEmpty()) {
        deliverAndRelease(outcome);
      }
      done = later.future();
    } else {
      done = deliverAndRelease(outcome);
    }
    scheduleSlices();
    return done;
  }

  /** Parses the next slice of long messages on a later turn, after what is queued now. */
  private void scheduleSlices() {
    if (sliceScheduled || !processor.hasSlices()) {
      return;
    }
    sliceScheduled = true;
    context.runOnContext(v -> {
      sliceScheduled = false;
      if (!closed) {
        deliverAndRelease(processor.continueSlices());
        scheduleSlices();
      }
    });
  }

  /** Delivers an outcome; the messages it released from the hold complete with it. */
  private Future<Void> deliverAndRelease(Outcome outcome) {
    Future<Void> stored = deliver(outcome);
    for (Mark m : outcome.marks()) {
      track(m, stored);
    }
    for (Object token : outcome.released()) {
      io.vertx.core.Promise<Void> p = waiting.remove(token);
      if (p != null) {
        stored.onComplete(p);
      }
    }
    for (Outcome.Dup d : outcome.releasedDuplicates()) {
      io.vertx.core.Promise<Void> p = waiting.remove(d.token());
      if (p != null) {
        storing.getOrDefault(d.of(), Future.succeededFuture()).onComplete(p);
      }
    }
    return stored;
  }

  private void track(Mark mark, Future<Void> stored) {
    if (stored.isComplete()) {
      return;
    }
    storing.put(mark, stored);
    stored.onComplete(ar -> storing.remove(mark, stored));
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
    SinkBatch all = new SinkBatch(ms, events, outcome.marks());
    List<Future<Void>> writes = null;
    for (int i = 0; i < sinks.size(); i++) {
      MeasurementSink sink = sinks.get(i);
      SinkBatch batch = outcome.skips().isEmpty() || durableBit[i] < 0 ? all : without(all, outcome.skips(), durableBit[i]);
      Future<Void> f;
      try {
        f = sink.write(batch);
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

  /** The batch without the messages that the durable sink of {@code bit} already holds. */
  static SinkBatch without(SinkBatch all, List<Outcome.Skip> skips, int bit) {
    boolean[] dropOut = new boolean[all.measurements().size()];
    boolean[] dropEvent = new boolean[all.events().size()];
    java.util.Set<Mark> dropMarks = new java.util.HashSet<>();
    for (Outcome.Skip k : skips) {
      if ((k.sinks() & (1 << bit)) == 0) {
        continue;
      }
      dropMarks.add(k.mark());
      for (int j = k.fromOut(); j < k.toOut(); j++) {
        dropOut[j] = true;
      }
      for (int j = k.fromEvent(); j < k.toEvent(); j++) {
        dropEvent[j] = true;
      }
    }
    if (dropMarks.isEmpty()) {
      return all;
    }
    List<Measurement> ms = new ArrayList<>();
    for (int j = 0; j < dropOut.length; j++) {
      if (!dropOut[j]) {
        ms.add(all.measurements().get(j));
      }
    }
    List<RunEvent> events = new ArrayList<>();
    for (int j = 0; j < dropEvent.length; j++) {
      if (!dropEvent[j]) {
        events.add(all.events().get(j));
      }
    }
    return new SinkBatch(ms, events, all.marks().stream().filter(m -> !dropMarks.contains(m)).toList());
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
      pending.add(new MeasurementBatch(new ArrayList<>(ms), events));
    }
    if (!flushScheduled) {
      flushScheduled = true;
      context.runOnContext(v -> flush());
    }
  }

  private void flush() {
    flushScheduled = false;
    for (MeasurementBatch b : pending) {
      vertx.eventBus().publish(MeasurementBatch.ADDRESS, b);
    }
    pending.clear();
  }

  /**
   * Stops without ending the open streams: their parser state moves to another process with the
   * partition they belong to (a Kafka rebalance), which rebuilds it by reading their records again.
   * What is queued for the listeners is published; messages still held are not processed here.
   */
  public void abandon() {
    if (closed) {
      return;
    }
    closed = true;
    vertx.cancelTimer(expiryTimer);
    if (holdTimer >= 0) {
      vertx.cancelTimer(holdTimer);
    }
    flush();
    int open = lastOpen;
    lastOpen = 0;
    metrics.openStreamsDelta(-open);
  }

  /** Ends every open stream (a clean shutdown loses no final summary) and publishes what is queued. */
  @Override
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
    // What the parsers flush at the end belongs to no message; a sink that cannot write it now
    // does not hold up the shutdown for long.
    return rest.timeout(15, java.util.concurrent.TimeUnit.SECONDS).recover(e -> Future.succeededFuture());
  }
}
