package io.benchtap.agent.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.benchtap.model.StreamKey;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The shipped campaign files. */
class CampaignTest {
  private static final Path OUT = Path.of("src/test/resources/outputs");

  @ParameterizedTest
  @ValueSource(strings = {"campaigns/quick.yaml", "campaigns/paper.yaml"})
  void everyInstanceOfEveryRepetitionOfEveryCellIsAStreamOfItsOwn(String file) throws Exception {
    Campaign c = Campaign.load(Path.of(file));
    String campaign = c.name() + "-20261126T100000Z";
    Set<StreamKey> keys = new HashSet<>();
    int expected = 0;
    for (Cell cell : Cell.matrix(c)) {
      for (int rep = 1; rep <= c.repetitions().count(); rep++) {
        String run = new RunIdentity(campaign, cell.id(), rep).runId();
        assertThat(run.length()).isLessThanOrEqualTo(128);
        for (int i = 1; i <= cell.instances(); i++) {
          keys.add(new StreamKey("dev", cell.env(), run, cell.tool().tool(), String.valueOf(i)));
          expected++;
        }
      }
    }
    assertThat(keys).hasSize(expected);
  }

  @Test
  void aToolNameThatCannotStartACellLabelIsRefusedNamingTheKey() {
    JsonObject j = new JsonObject().put("name", "q").put("tools", List.of(Map.of("name", "my tool", "command", "x",
        "headline", Map.of("metric", "m"))));
    assertThatThrownBy(() -> Campaign.from(j, "f.yaml")).hasMessage(
        "f.yaml: tools[0]: name: expected 1-40 characters of A-Z a-z 0-9 _ . - (it starts the cell label), got my tool");
  }
}
