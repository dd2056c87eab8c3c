package io.benchtap.model;

import java.util.Objects;

/**
 * Identity of one benchmark process's output stream: the topic levels
 * {@code benchtap/v1/{device}/{env}/{run}/{tool}/{instance}}. All lines of one stream are
 * parsed in order by one parser instance; the key's hash picks the pipeline worker.
 */
public record StreamKey(String device, String env, String run, String tool, String instance) {
  public StreamKey {
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(env, "env");
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(tool, "tool");
    Objects.requireNonNull(instance, "instance");
  }

  @Override
  public String toString() {
    return device + "/" + env + "/" + run + "/" + tool + "/" + instance;
  }
}
