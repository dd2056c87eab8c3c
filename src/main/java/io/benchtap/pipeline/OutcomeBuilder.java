package io.benchtap.pipeline;

import io.benchtap.model.Mark;
import io.benchtap.model.Measurement;
import io.benchtap.model.RunEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * Gathers what one call of the {@link StreamProcessor} produced, the messages it released from a
 * hold included, into one {@link Outcome}. Lists that stay empty in the common case (marks, skips,
 * duplicates) are allocated only when used.
 */
final class OutcomeBuilder {
  final List<Measurement> out = new ArrayList<>();
  final List<RunEvent> events = new ArrayList<>();
  final List<Object> released = new ArrayList<>();
  private List<Outcome.Dup> dups = List.of();
  private List<Mark> marks = List.of();
  private List<Outcome.Skip> skips = List.of();
  /** The message of this call waits (for an earlier seq, or for the stream's slice in progress). */
  boolean selfHeld;
  /** The mark of the message of this call, when it has one. */
  Mark self;

  /**
   * The lines of the agent message {@code mark} are in: they produced the measurements from
   * {@code outStart} and the events from {@code eventStart} to the current ends, which the durable
   * sinks of the bits {@code heldBy} hold already (0: none).
   */
  void marked(Mark mark, int heldBy, int outStart, int eventStart) {
    mark(mark);
    if (heldBy != 0) {
      skip(new Outcome.Skip(heldBy, mark, outStart, out.size(), eventStart, events.size()));
    }
  }

  private void mark(Mark m) {
    if (marks.isEmpty()) {
      marks = new ArrayList<>(2);
    }
    marks.add(m);
  }

  private void skip(Outcome.Skip s) {
    if (skips.isEmpty()) {
      skips = new ArrayList<>(1);
    }
    skips.add(s);
  }

  private void dup(Outcome.Dup d) {
    if (dups.isEmpty()) {
      dups = new ArrayList<>();
    }
    dups.add(d);
  }

  Outcome outcome() {
    if (out.isEmpty() && events.isEmpty() && released.isEmpty() && dups.isEmpty()) {
      return selfHeld ? Outcome.held(self) : Outcome.EMPTY;
    }
    return new Outcome(out, events, released, selfHeld, marks, skips, self, false, dups);
  }

  /**
   * Adds another call's outcome after what is here (its skips move with its measurements and
   * events); {@code token} is that call's message: done with the outcome unless it waits, or a
   * duplicate done when its first copy is.
   */
  void merge(Outcome o, Object token) {
    int outShift = out.size();
    int eventShift = events.size();
    out.addAll(o.measurements());
    events.addAll(o.events());
    released.addAll(o.released());
    o.releasedDuplicates().forEach(this::dup);
    o.marks().forEach(this::mark);
    for (Outcome.Skip k : o.skips()) {
      skip(new Outcome.Skip(k.sinks(), k.mark(), k.fromOut() + outShift, k.toOut() + outShift,
          k.fromEvent() + eventShift, k.toEvent() + eventShift));
    }
    if (o.duplicate() && token != null) {
      dup(new Outcome.Dup(token, o.self()));
    } else if (!o.held() && token != null) {
      released.add(token);
    }
  }
}
