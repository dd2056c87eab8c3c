package io.benchtap.kafka;

import io.benchtap.model.Mark;
import io.benchtap.parse.ParserRegistry;
import io.benchtap.contract.InboundMessage;
import io.benchtap.contract.Payload;
import io.benchtap.pipeline.PipelineConfig;
import io.benchtap.pipeline.PipelineMetrics;
import io.benchtap.pipeline.PipelineWorker;
import io.benchtap.sink.MeasurementSink;
import io.benchtap.sink.file.FileSink;
import io.benchtap.sink.file.FileSinkConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.consumer.OffsetAndMetadata;
import io.vertx.kafka.client.producer.KafkaHeader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process role: a member of the consumer group of the lines topic. Every partition it owns
 * gets its own pipeline worker and line-protocol log ({@link PartitionWork}); offsets are
 * committed once a second up to the commit point (docs/scale-out.md, "When a processor commits").
 * A partition taken over is read again from its committed offset: the records its log holds
 * (their marks) are parsed again to rebuild the parser state but not written twice.
 */
public final class ProcessVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessVerticle.class);
  /** Records in the workers at once (all partitions) before the consumer pauses. */
  static final int MAX_PENDING = 20_000;

  private final KafkaConfig kafka;
  private final ParserRegistry parsers;
  private final PipelineConfig pipeline;
  private final String topicPrefix;
  private final PipelineMetrics metrics;
  private final FileSinkConfig file;
  private final MeterRegistry registry;
  private final List<MeasurementSink> shared;
  private final Map<Integer, PartitionWork> parts = new HashMap<>();
  private final AtomicInteger owned = new AtomicInteger();
  private io.micrometer.core.instrument.Counter statusDuplicates;
  private io.micrometer.core.instrument.Counter statusesWaited;
  private io.micrometer.core.instrument.Counter statusesExpired;
  private io.micrometer.core.instrument.Counter refetched;
  private io.micrometer.core.instrument.Counter startsWaited;
  private io.micrometer.core.instrument.Counter startsExpired;
  private KafkaConsumer<String, Buffer> consumer;
  private int pendingTotal;
  private boolean paused;
  private boolean stopping;

  /**
   * @param shared the sinks every partition writes to besides its own log (Prometheus, results)
   */
  public ProcessVerticle(KafkaConfig kafka, ParserRegistry parsers, PipelineConfig pipeline, String topicPrefix,
      PipelineMetrics metrics, FileSinkConfig file, MeterRegistry registry, List<MeasurementSink> shared) {
    this.kafka = kafka;
    this.parsers = parsers;
    // Held records cost no MQTT slot here: a longer hold and a larger cap (kafka.reorder*).
    this.pipeline = new PipelineConfig(1, pipeline.maxMessageBytes(), pipeline.maxLineBytes(), pipeline.streamTtl(),
        pipeline.unparsedLogPerMinute(), kafka.reorderHold(), kafka.reorderMaxHeld());
    this.topicPrefix = topicPrefix;
    this.metrics = metrics;
    this.file = file;
    this.registry = registry;
    this.shared = List.copyOf(shared);
  }

  @Override
  public Future<?> start() {
    registry.gauge("benchtap.kafka.partitions.owned", owned);
    statusDuplicates = counter("benchtap.kafka.status.duplicates",
        "Status records dropped because the same status of the stream was read already (a redelivery)");
    statusesWaited = counter("benchtap.kafka.status.waited",
        "Finished statuses that arrived before some output messages of their stream and waited for them");
    refetched = counter("benchtap.kafka.refetches",
        "Times a partition was read again because records fetched were never delivered to the processor");
    startsWaited = counter("benchtap.kafka.start.waited",
        "Streams whose first output message arrived before their started status and waited for it");
    startsExpired = counter("benchtap.kafka.start.wait.expired",
        "Streams whose output was handed on after kafka.reorderHoldMs without their started status");
    statusesExpired = counter("benchtap.kafka.status.wait.expired",
        "Finished statuses handed on after kafka.reorderHoldMs without all output messages before them");
    Map<String, String> props = Clients.consumer(kafka, kafka.group(), "process");
    // Only the partitions that move are revoked at a rebalance, not all of them.
    props.put("partition.assignment.strategy", "org.apache.kafka.clients.consumer.CooperativeStickyAssignor");
    consumer = KafkaConsumer.create(vertx, props);
    KafkaFeed.everyRecord(consumer, this::onRecord);
    consumer.exceptionHandler(e -> LOG.warn("Kafka consumer: {}", e.toString()));
    consumer.partitionsAssignedHandler(set -> set.forEach(tp -> assign(tp.getPartition())));
    consumer.partitionsRevokedHandler(set -> set.forEach(tp -> revoke(tp.getPartition())));
    vertx.setPeriodic(1000, id -> {
      commit();
      catchUp();
    });
    return Clients.ensureTopics(vertx, kafka).compose(v -> consumer.subscribe(kafka.linesTopic()))
        .onSuccess(v -> LOG.info("processing {} in group {} (logs under {})", kafka.linesTopic(), kafka.group(), file.dir()));
  }

  private io.micrometer.core.instrument.Counter counter(String name, String help) {
    return io.micrometer.core.instrument.Counter.builder(name).description(help).register(registry);
  }

  private TopicPartition tp(int p) {
    return new TopicPartition(kafka.linesTopic(), p);
  }

  private void assign(int p) {
    if (parts.containsKey(p) || stopping) {
      return;
    }
    PartitionWork w = new PartitionWork(p, file.dir().resolve(kafka.linesTopic() + "-" + p));
    parts.put(p, w);
    consumer.pause(tp(p));
    FileSinkConfig own = new FileSinkConfig(file.mode(), w.dir, file.fsync());
    vertx.executeBlocking(() -> {
      if (!w.lock(120_000)) {
        throw new IllegalStateException("the log " + w.dir + " stayed locked by another process for 120 s");
      }
      return new FileSink(vertx, own, registry, Clock.systemUTC(), () -> w.oldestNanos);
    }).compose(sink -> {
      w.file = sink;
      if (parts.get(p) != w) {
        // Revoked while we waited for the lock.
        return sink.close().onComplete(ar -> w.unlock()).compose(x -> Future.failedFuture("revoked"));
      }
      Map<Mark, Integer> recovered = new HashMap<>();
      sink.recovered().forEach(m -> recovered.put(m, 1));
      List<MeasurementSink> sinks = new ArrayList<>();
      w.log = new ReplaySkippingLog(sink, p);
      sinks.add(w.log);
      sinks.addAll(shared);
      w.worker = new PipelineWorker(vertx, parsers, pipeline, topicPrefix, metrics, sinks, recovered, true);
      return consumer.committed(tp(p));
    }).compose(c -> {
      long from = c == null ? -1 : c.getOffset();
      w.ledger = StatusLedger.of(w.file.recovered(), p, from);
      return Future.succeededFuture(from);
    }).compose(from -> consumer.endOffsets(tp(p)).map(end -> {
      // What earlier owners wrote is before this end; their marks must stay readable (the log's
      // horizon frozen) until the commit has passed it.
      w.frozenUntil = end;
      return from;
    })).compose(from -> {
      w.committed = from;
      w.next = from;
      Future<Void> seek = from < 0 ? consumer.seekToBeginning(tp(p)) : consumer.seek(tp(p), from);
      return seek.compose(x -> {
        w.ready = true;
        owned.incrementAndGet();
        LOG.info("partition {} taken: reading from offset {} ({} message(s) of its log may be read again)", p,
            from < 0 ? "0" : from, w.file.recovered().size());
        return consumer.resume(tp(p));
      });
    }).onFailure(e -> {
      if (!"revoked".equals(e.getMessage())) {
        LOG.error("partition {}: cannot take it: {}", p, e.toString());
        parts.remove(p, w);
        w.unlock();
      }
    });
  }

  private void onRecord(KafkaConsumerRecord<String, Buffer> r) {
    PartitionWork w = parts.get(r.partition());
    if (w == null || !w.ready) {
      return;
    }
    if (w.next >= 0 && r.offset() != w.next) {
      if (r.offset() > w.next) {
        // Records from before a seek took effect: read again from where this partition is.
        consumer.seek(tp(r.partition()), w.next);
      }
      return;
    }
    w.next = r.offset() + 1;
    String topic = header(r, KafkaBridge.TOPIC_HEADER);
    if (topic == null) {
      LOG.warn("partition {} offset {}: record without a topic header; skipped", r.partition(), r.offset());
      return;
    }
    Instant arrival;
    try {
      long nanos = Long.parseLong(header(r, KafkaBridge.ARRIVAL_HEADER));
      arrival = Instant.ofEpochSecond(nanos / 1_000_000_000L, nanos % 1_000_000_000L);
    } catch (RuntimeException e) {
      arrival = Instant.ofEpochMilli(r.timestamp());
    }
    byte[] payload = r.value().getBytes();
    Status status = topic.endsWith("/status") ? Status.of(payload) : Status.NONE;
    String event = status.event();
    String stream = r.key() == null ? topic : r.key();
    if (!event.isEmpty() && !w.firstStatus(stream, status.text())) {
      // The same status again (an MQTT redelivery a bridge produced twice): it has no seq for
      // the seq window to drop it, and a second "started" would reset the stream's parser.
      statusDuplicates.increment();
      return;
    }
    long offset = r.offset();
    // A started that output messages waited for does not begin the stream's state: the first of them did.
    boolean begins = "started".equals(event) && !w.starts.waits(stream);
    w.took(offset, System.nanoTime(), stream, begins, System.currentTimeMillis());
    if (++pendingTotal >= MAX_PENDING && !paused) {
      paused = true;
      consumer.pause();
    }
    // An output's agent header seq, read once (-1 for a status or an output without one).
    long seq = event.isEmpty() ? Payload.headerSeq(payload) : -1;
    Incoming in = new Incoming(topic, payload, arrival, stream, event, offset, seq);
    if ("started".equals(event)) {
      w.gate.started(stream);
      hand(w, in);
      for (Incoming waited : w.starts.started(stream)) {
        handOutput(w, waited);
      }
      return;
    }
    if ("finished".equals(event) && !kafka.reorderHold().isZero()) {
      FinishedGate.Waiting<Incoming> waiting = w.gate.hold(stream, status.seq(), in);
      if (waiting != null) {
        // Output lines of the stream are still to come (a restarted bridge's backlog): the
        // record stays pending, so the commit does not pass it while it waits.
        statusesWaited.increment();
        vertx.setTimer(kafka.reorderHold().toMillis(), id -> {
          if (parts.get(w.partition) == w && w.gate.expire(waiting)) {
            statusesExpired.increment();
            LOG.warn("partition {}: the finished status of {} waited kafka.reorderHoldMs for output messages below seq {};"
                + " handed on without them", w.partition, stream, waiting.need());
            hand(w, waiting.item());
          }
        });
        return;
      }
    }
    if (!event.isEmpty()) {
      hand(w, in);
      return;
    }
    StartGate.Waiting<Incoming> before = seq < 0 || kafka.reorderHold().isZero() ? null
        : w.starts.hold(stream, seq, in);
    if (before == null) {
      handOutput(w, in);
    } else if (before.items().size() == 1) {
      // The stream's first output came before its started (the broker handed them over out of
      // order): it waits, pending, and what follows of the stream waits behind it.
      startsWaited.increment();
      vertx.setTimer(kafka.reorderHold().toMillis(), id -> {
        if (parts.get(w.partition) != w) {
          return;
        }
        List<Incoming> go = w.starts.expire(before);
        if (!go.isEmpty()) {
          startsExpired.increment();
          LOG.warn("partition {}: the output of {} waited kafka.reorderHoldMs for its started status; handed on without it",
              w.partition, stream);
          go.forEach(o -> handOutput(w, o));
        }
      });
    }
  }

  /** Hands an output message on; a finished status that waited for it may follow. */
  private void handOutput(PartitionWork w, Incoming in) {
    hand(w, in);
    FinishedGate.Waiting<Incoming> go = in.seq() < 0 ? null : w.gate.saw(in.stream(), in.seq());
    if (go != null) {
      hand(w, go.item());
    }
  }

  /** A record of the lines topic, as the processor hands it to the partition's pipeline worker. */
  record Incoming(String topic, byte[] payload, Instant arrival, String stream, String event, long offset, long seq) {}

  private void hand(PartitionWork w, Incoming in) {
    long offset = in.offset();
    String event = in.event();
    if (event.isEmpty()) {
      w.starts.handed(in.stream());
    } else if ("finished".equals(event)) {
      w.starts.finished(in.stream());
    }
    // A status the log holds already (a new owner reading it again): rebuild, do not write twice.
    boolean statusHeld = !event.isEmpty() && w.ledger.contains(offset);
    Future<Void> done;
    w.log.skipping = statusHeld;
    w.log.status = event.isEmpty() ? -1 : offset;
    try {
      done = w.worker.handle(new InboundMessage(in.topic(), in.payload(), in.arrival()));
    } catch (RuntimeException e) {
      done = Future.failedFuture(e);
    } finally {
      w.log.skipping = false;
      w.log.status = -1;
    }
    boolean finished = "finished".equals(event);
    done.onComplete(ar -> {
      if (parts.get(w.partition) != w) {
        return;
      }
      if (--pendingTotal < MAX_PENDING / 2 && paused) {
        paused = false;
        consumer.resume();
      }
      if (ar.succeeded()) {
        w.held(offset, in.stream(), finished);
      } else {
        // Not held: never commit past it. Start the partition again from its commit point.
        LOG.error("partition {} offset {}: a sink could not take it ({}); reading the partition again", w.partition, offset,
            ar.cause().toString());
        restart(w);
      }
    });
  }

  /**
   * What the processor reads of a status record, decoded once: its text, its event ("" when it
   * is not a readable status: the pipeline then counts it as bad), and its {@code seq} (0 when
   * it says none).
   */
  private record Status(String text, String event, long seq) {
    static final Status NONE = new Status("", "", 0);

    static Status of(byte[] payload) {
      String text = new String(payload, StandardCharsets.UTF_8);
      JsonObject json;
      try {
        json = new JsonObject(text);
      } catch (RuntimeException e) {
        return new Status(text, "", 0);
      }
      String event = json.getValue("event") instanceof String e ? e : "";
      long seq;
      try {
        seq = Math.max(0, io.benchtap.pipeline.StatusEvent.seq(json));
      } catch (IllegalArgumentException e) {
        seq = 0;
      }
      return new Status(text, event, seq);
    }
  }

  private void restart(PartitionWork w) {
    release(w).onComplete(ar -> assign(w.partition));
  }

  private static String header(KafkaConsumerRecord<String, Buffer> r, String name) {
    for (KafkaHeader h : r.headers()) {
      if (h.key().equals(name)) {
        return h.value().toString(StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  /** Commits every owned partition up to its commit point; the log's horizon follows a commit that succeeded. */
  private Future<Void> commit() {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    Map<PartitionWork, Long> horizons = new HashMap<>();
    long now = System.nanoTime();
    long idleBefore = System.currentTimeMillis() - pipeline.streamTtl().toMillis();
    for (PartitionWork w : parts.values()) {
      if (!w.ready || w.next < 0) {
        continue;
      }
      w.expire(idleBefore);
      long[] nanos = new long[1];
      long c = w.commitPoint(nanos);
      if (c > w.committed) {
        offsets.put(tp(w.partition), new OffsetAndMetadata(c, ""));
        horizons.put(w, nanos[0] == Long.MAX_VALUE ? now : nanos[0]);
      }
    }
    if (offsets.isEmpty()) {
      return Future.succeededFuture();
    }
    return consumer.commit(offsets).onSuccess(x -> {
      for (Map.Entry<PartitionWork, Long> e : horizons.entrySet()) {
        e.getKey().committed = offsets.get(tp(e.getKey().partition)).getOffset();
        if (e.getKey().committed >= e.getKey().frozenUntil) {
          e.getKey().oldestNanos = e.getValue();
        }
        e.getKey().forgetBefore(e.getKey().committed);
      }
    }).onFailure(e -> LOG.debug("commit failed (a rebalance?): {}", e.toString())).mapEmpty();
  }

  /**
   * A guard that should stay idle: reads again what the consumer fetched but never handed to
   * {@link #onRecord}. With vertx-kafka-client's record handler that happened at every seek (see
   * {@link KafkaFeed}); records now come one poll at a time, so it should not. A gap in the middle
   * of a partition is seen at the next record ({@link #onRecord} seeks back); this catches a lost
   * tail, where no next record comes: a partition whose position stays ahead of the record it
   * expects for three ticks (while the stream is not paused on purpose) is sought back to it,
   * counted in {@code benchtap_kafka_refetches_total} with one log line. Records that arrive twice
   * then are below the expected offset and dropped.
   */
  private void catchUp() {
    if (paused) {
      return;
    }
    for (PartitionWork w : parts.values()) {
      if (!w.ready || w.next < 0) {
        continue;
      }
      long expected = w.next;
      consumer.position(tp(w.partition)).onSuccess(position -> {
        if (parts.get(w.partition) != w || !w.ready || paused) {
          return;
        }
        if (position > expected && w.next == expected) {
          if (++w.stalledTicks >= 3) {
            w.stalledTicks = 0;
            refetched.increment();
            LOG.warn("partition {}: offsets {}..{} were fetched but never delivered; reading them again", w.partition,
                expected, position - 1);
            consumer.seek(tp(w.partition), expected);
          }
        } else {
          w.stalledTicks = 0;
        }
      });
    }
  }

  private void revoke(int p) {
    PartitionWork w = parts.get(p);
    if (w != null) {
      LOG.info("partition {} revoked", p);
      release(w);
    }
  }

  /** Stops a partition: commits what is held, lets its parser state go, closes its log, unlocks it. */
  private Future<Void> release(PartitionWork w) {
    Future<Void> committed = w.ready ? commit().recover(e -> Future.succeededFuture()) : Future.succeededFuture();
    parts.remove(w.partition, w);
    if (w.ready) {
      owned.decrementAndGet();
    }
    w.ready = false;
    if (w.worker != null) {
      w.worker.abandon();
    }
    pendingTotal -= w.pending.size();
    return committed.compose(v -> w.file == null ? Future.succeededFuture() : w.file.close())
        .recover(e -> Future.succeededFuture())
        .onComplete(ar -> w.unlock());
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    List<Future<Void>> all = new ArrayList<>();
    for (PartitionWork w : List.copyOf(parts.values())) {
      all.add(release(w));
    }
    return Future.join(all).recover(e -> Future.succeededFuture())
        .compose(v -> consumer.close()).recover(e -> Future.succeededFuture());
  }
}
