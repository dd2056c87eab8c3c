package io.benchtap.pipeline;

import io.benchtap.contract.Topic;
import java.util.HashMap;
import java.util.Map;

/**
 * Topics decoded before: a topic is a stream's output or status, decoded for every message
 * otherwise (3.5 % of the CPU time of a backlog drain). Bounded: cleared when full.
 */
final class TopicCache {
  static final int SIZE = 16_384;

  private final String prefix;
  private final Map<String, Topic> topics = new HashMap<>();

  TopicCache(String prefix) {
    this.prefix = prefix;
  }

  /** {@link Topic#parse} of {@code topic} under the prefix, from the cache when seen before. */
  Topic parse(String topic) {
    Topic t = topics.get(topic);
    if (t == null) {
      t = Topic.parse(prefix, topic);
      if (topics.size() >= SIZE) {
        topics.clear();
      }
      topics.put(topic, t);
    }
    return t;
  }

  /** Topics held now (at most {@link #SIZE}). */
  int size() {
    return topics.size();
  }

  /** The kind of a topic for the self-metrics: out, status, agent, alerts or unknown. */
  static String kind(Topic t) {
    if (t instanceof Topic.Output) {
      return "out";
    } else if (t instanceof Topic.Status) {
      return "status";
    } else if (t instanceof Topic.Agent) {
      return "agent";
    } else if (t instanceof Topic.Alerts) {
      return "alerts";
    }
    return "unknown";
  }
}
