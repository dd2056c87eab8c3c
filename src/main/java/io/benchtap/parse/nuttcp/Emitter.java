package io.benchtap.parse.nuttcp;

import io.benchtap.parse.support.SampleEmitter;

/**
 * The shared {@link SampleEmitter} with nuttcp's naming: the benchmark is {@code tcp} until the
 * output shows UDP loss fields, and the direction is the client's role unless the command line
 * said. The interval {@code retrans} is the count of that interval (nuttcp prints {@code
 * nretrans - pretrans}), so interval {@code retransmits_total} is summed.
 */
final class Emitter extends SampleEmitter {

  private String direction;
  private final boolean directionFixed;
  private boolean directionSeen;

  Emitter(CommandLines command) {
    super(command.benchmark(), "tcp", false);
    this.directionFixed = command.receiver() != null;
    this.direction = Boolean.TRUE.equals(command.receiver()) ? "receiver" : "sender";
  }

  /** The output showed UDP loss fields: the benchmark is udp unless the command line said. */
  void udpSeen() {
    if (!fixed()) {
      rename("udp");
    }
  }

  /** A verbose block from the client's side came first: the client's role, unless known. */
  void firstVerboseSide(char side) {
    if (!directionFixed && !directionSeen) {
      direction = side == 'r' ? "receiver" : "sender";
    }
    directionSeen = true;
  }

  String direction() {
    return direction;
  }
}
