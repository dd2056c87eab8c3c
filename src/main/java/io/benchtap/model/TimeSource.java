package io.benchtap.model;

/** Where a measurement's timestamp came from. */
public enum TimeSource {
  /** The device stamped the message when it printed the lines (agent header line). */
  DEVICE,
  /** No timestamp was sent (plain {@code mosquitto_pub -l} input): the time the message arrived. */
  ARRIVAL,
  /** Offline parsing or import: the time given on the command line or read from the file. */
  IMPORT;

  public String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
