package io.benchtap.bench;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * M replayed output streams, each cycling through one fixture: a {@code started} status (with
 * the fixture's command line), the output lines with the agent header
 * {@code @benchtap seq=N t=EPOCH} (t = the moment the message is built, or the moment it was
 * due when the caller gives one, so latency can be measured from it), then a {@code finished}
 * status, and again. Stream k publishes on
 * {@code {prefix}/bench-k/native/{run}/{tool}/1/out} (or another device prefix than
 * {@code bench-}); its seq only ever grows. {@link #next()} takes the streams in turn. Not
 * thread-safe: one pacer thread uses it.
 */
final class StreamSet {
  /** One message to publish. {@code out} is false for status messages. */
  record Msg(int stream, String topic, String payload, boolean out, int lines) {}

  private final String prefix;
  private final String devicePrefix;
  private final List<Fixtures.Fixture> fixtures;
  private final String run;
  private final int linesPerMessage;
  private final int[] pos;
  private final long[] seq;
  private final boolean[] started;
  private final int count;
  private int turn;

  StreamSet(String prefix, List<Fixtures.Fixture> fixtures, int streams, String run, int linesPerMessage) {
    this(prefix, fixtures, streams, run, linesPerMessage, "bench-");
  }

  /** As above, stream k publishing as device {@code devicePrefix + k}. */
  StreamSet(String prefix, List<Fixtures.Fixture> fixtures, int streams, String run, int linesPerMessage, String devicePrefix) {
    if (fixtures.isEmpty() || streams < 1) {
      throw new IllegalArgumentException("need at least one fixture and one stream");
    }
    this.prefix = prefix;
    this.devicePrefix = devicePrefix;
    this.fixtures = fixtures;
    this.run = run;
    this.linesPerMessage = Math.max(1, linesPerMessage);
    this.count = streams;
    this.pos = new int[streams];
    this.seq = new long[streams];
    this.started = new boolean[streams];
  }

  int size() {
    return count;
  }

  Fixtures.Fixture fixture(int k) {
    return fixtures.get(k % fixtures.size());
  }

  String base(int k) {
    return prefix + "/" + devicePrefix + k + "/native/" + run + "/" + fixture(k).tool() + "/1/";
  }

  /** The next message of the next stream in turn, stamped now. */
  Msg next() {
    return next(nowMicros());
  }

  /** The next message of the next stream in turn, its {@code t} being {@code epochMicros}. */
  Msg next(long epochMicros) {
    String t = stamp(epochMicros);
    int k = turn;
    turn = (turn + 1) % count;
    Fixtures.Fixture f = fixture(k);
    if (!started[k]) {
      started[k] = true;
      JsonObject st = new JsonObject().put("event", "started").put("t", Double.parseDouble(t));
      if (f.command() != null) {
        st.put("command", f.command());
      }
      return new Msg(k, base(k) + "status", st.encode(), false, 0);
    }
    if (pos[k] >= f.lines().size()) {
      started[k] = false;
      pos[k] = 0;
      return new Msg(k, base(k) + "status",
          new JsonObject().put("event", "finished").put("t", Double.parseDouble(t)).put("exitCode", 0).encode(), false, 0);
    }
    int end = Math.min(f.lines().size(), pos[k] + linesPerMessage);
    StringBuilder sb = new StringBuilder(128).append(header(seq[k]++, t));
    for (int i = pos[k]; i < end; i++) {
      sb.append('\n').append(f.lines().get(i));
    }
    int n = end - pos[k];
    pos[k] = end;
    return new Msg(k, base(k) + "out", sb.toString(), true, n);
  }

  /** Stream k's whole fixture as one output message (seq 0), for the live-streams phase. */
  Msg whole(int k) {
    Fixtures.Fixture f = fixture(k);
    return new Msg(k, base(k) + "out", header(0, stamp(nowMicros())) + "\n" + f.text(), true, f.lines().size());
  }

  static String header(long seq, String t) {
    return "@benchtap seq=" + seq + " t=" + t;
  }

  /** Now, in microseconds since the epoch. */
  static long nowMicros() {
    java.time.Instant t = java.time.Instant.now();
    return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
  }

  /** Epoch seconds with microseconds, as the agent writes it. */
  static String stamp(long epochMicros) {
    String micros = Long.toString(1_000_000 + Math.floorMod(epochMicros, 1_000_000L));
    return Math.floorDiv(epochMicros, 1_000_000L) + "." + micros.substring(1);
  }
}
