package io.benchtap.agent.campaign;

import java.util.ArrayList;
import java.util.List;

/**
 * One cell of the campaign matrix: a tool in one environment, network driver and instance
 * count. Its label ({@link #id()}) groups the cell's runs in dashboards.
 */
public record Cell(Campaign.ToolSpec tool, String env, String net, int instances) {

  /** Stable label of the cell, e.g. {@code iperf3-lxc-macvlan-x4}. */
  public String id() {
    return id(tool.name(), env, net, instances);
  }

  /**
   * The cell label for a tool entry named {@code name}: {@code NAME-ENV-NET-xN}. Also what {@code
   * benchtap import} writes for imported runs, so imported and live runs of a cell share it.
   */
  public static String id(String name, String env, String net, int instances) {
    return name + "-" + env + "-" + net + "-x" + instances;
  }

  /**
   * The cells in run order: tool by tool; native before lxc so the baseline exists first; CPU
   * and memory tools use net {@code host} natively and {@code none} in containers; network
   * tools use {@code host} natively and each configured container driver in containers.
   */
  public static List<Cell> matrix(Campaign c) {
    List<Cell> cells = new ArrayList<>();
    for (Campaign.ToolSpec t : c.tools()) {
      for (String env : c.envs()) {
        List<String> nets = env.equals("native") ? List.of("host") : t.network() ? c.nets() : List.of("none");
        for (String net : nets) {
          for (int n : c.instances()) {
            cells.add(new Cell(t, env, net, n));
          }
        }
      }
    }
    return cells;
  }
}
