package io.benchtap.bench.soak;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchtap.bench.soak.Chaos.Outage;
import io.benchtap.bench.soak.Chaos.Service;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChaosTest {
  private static final SoakRun.Faults ALL = new SoakRun.Faults(true, true, true, 15, 45, 5, 30, 40, 80, 5);
  private static final SoakRun.Faults NO_KILLS = new SoakRun.Faults(true, true, false, 15, 45, 5, 30, 40, 80, 5);

  @Test
  void theSameSeedGivesTheSamePlanInOrderOfTime() {
    List<Outage> plan = Chaos.plan(42, 600, ALL);
    assertThat(Chaos.plan(42, 600, ALL)).isEqualTo(plan);
    assertThat(plan).isSortedAccordingTo((a, b) -> Double.compare(a.atSeconds(), b.atSeconds()));
    assertThat(plan).extracting(Outage::service).contains(Service.BROKER, Service.VM, Service.SERVE);
  }

  @Test
  void killsLeaveTheRestartsOfASeedAsTheyWere() {
    List<Outage> withKills = Chaos.plan(7, 300, ALL);
    assertThat(withKills.stream().filter(o -> o.service() != Service.SERVE).toList()).isEqualTo(Chaos.plan(7, 300, NO_KILLS));
    // Seed 7 for 5 minutes: the restarts of the runs in docs/performance-log.md.
    assertThat(Chaos.plan(7, 300, NO_KILLS)).extracting(Outage::atSeconds)
        .containsExactly(34.2, 64.9, 119.5, 146.9, 203.7, 223.6, 282.1);
  }

  @Test
  void outagesOfOneTimelineNeverOverlapAndAllEndBeforeTheLoadDoes() {
    for (long seed = 0; seed < 200; seed++) {
      List<Outage> plan = Chaos.plan(seed, 600, ALL);
      List<Outage> kills = plan.stream().filter(o -> o.service() == Service.SERVE).toList();
      List<Outage> restarts = plan.stream().filter(o -> o.service() != Service.SERVE).toList();
      assertThat(kills).as("seed %d", seed).hasSizeGreaterThanOrEqualTo(5);
      for (List<Outage> line : List.of(kills, restarts)) {
        for (int i = 1; i < line.size(); i++) {
          Outage before = line.get(i - 1);
          double gapMin = line == kills ? ALL.killGapMin() : ALL.gapMin();
          assertThat(line.get(i).atSeconds()).as("seed %d: %s after %s", seed, line.get(i), before)
              .isGreaterThanOrEqualTo(before.atSeconds() + before.downSeconds() + gapMin - 0.2);
        }
      }
      assertThat(plan).allSatisfy(o -> {
        assertThat(o.atSeconds() + o.downSeconds()).isLessThanOrEqualTo(595.1);
        double max = switch (o.service()) {
          case BROKER -> ALL.brokerDownMax();
          case VM -> ALL.vmDownMax();
          case SERVE -> ALL.serveDownMax();
        };
        assertThat(o.downSeconds()).isBetween(1.0, max);
      });
    }
  }

  @Test
  void aFaultLeftOutIsNeverPlanned() {
    assertThat(Chaos.plan(3, 600, new SoakRun.Faults(false, false, true, 15, 45, 5, 30, 40, 80, 5)))
        .isNotEmpty().allMatch(o -> o.service() == Service.SERVE);
    assertThat(Chaos.plan(3, 600, new SoakRun.Faults(false, true, false, 15, 45, 5, 30, 40, 80, 5)))
        .isNotEmpty().allMatch(o -> o.service() == Service.VM);
    assertThat(Chaos.plan(3, 600, new SoakRun.Faults(true, false, false, 15, 45, 5, 30, 40, 80, 5)))
        .isNotEmpty().allMatch(o -> o.service() == Service.BROKER);
  }
}
