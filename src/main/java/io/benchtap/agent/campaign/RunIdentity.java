package io.benchtap.agent.campaign;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Who a repetition of a campaign cell is: the campaign (its run id, e.g. {@code
 * quick-20261126T100000Z}), the cell label and the repetition number. One place for the run id
 * and the {@code started} labels, used by {@code benchtap campaign run} and by {@code benchtap
 * import}, so that imported old logs are grouped exactly like live runs (by campaign, by cell,
 * and each repetition's instances by one run id).
 *
 * <p>The run id names the cell as well as the repetition: a stream (device, env, run, tool,
 * instance) is then one process of the whole campaign. With {@code CAMPAIGN-rN} alone, instance 1
 * of repetition 1 of {@code sysbench-cpu-native-host-x1} and of {@code ...-x2} were one stream, so
 * whoever reads the statuses after the fact ({@code benchtap report --lp}, the run records)
 * took one's instance count for the other's values.
 *
 * @param campaign the campaign label; at most 64 characters (a status label value)
 * @param cell the cell label ({@link Cell#id()}); at most 64 characters
 * @param repetition 1, 2, ...
 */
public record RunIdentity(String campaign, String cell, int repetition) {

  /** Validates: label values of at most 64 characters, a positive repetition. */
  public RunIdentity {
    check("campaign", campaign);
    check("cell", cell);
    if (repetition < 1) {
      throw new IllegalArgumentException("repetition: expected 1 or more, got " + repetition);
    }
    int length = campaign.length() + cell.length() + 3 + String.valueOf(repetition).length();
    if (length > MAX_RUN) {
      throw new IllegalArgumentException("campaign: the run id CAMPAIGN-CELL-rN would be " + length + " characters, more than a "
          + "topic level's " + MAX_RUN + "; use a shorter campaign name");
    }
  }

  /** Longest run id: a topic level. */
  static final int MAX_RUN = 128;

  private static void check(String what, String v) {
    if (v == null || v.isEmpty() || v.length() > 64) {
      throw new IllegalArgumentException(what + ": expected 1 to 64 characters (a status label value), got \"" + v + "\"");
    }
  }

  /**
   * The run id of the repetition: {@code CAMPAIGN-CELL-rN}, e.g. {@code
   * quick-20261126T100000Z-iperf3-lxc-veth-x2-r1}; all its instances share it, no other
   * repetition or cell has it.
   */
  public String runId() {
    return campaign + "-" + cell + "-r" + repetition;
  }

  /** The labels of the repetition's {@code started} statuses: campaign, cell, repetition. */
  public Map<String, String> labels() {
    Map<String, String> l = new LinkedHashMap<>();
    l.put("campaign", campaign);
    l.put("cell", cell);
    l.put("repetition", String.valueOf(repetition));
    return l;
  }
}
