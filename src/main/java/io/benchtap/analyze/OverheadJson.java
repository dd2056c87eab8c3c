package io.benchtap.analyze;

import io.benchtap.analyze.stats.Summary;
import io.vertx.core.json.JsonObject;

/** JSON forms of analysis results, as /api/overhead and alert events show them. */
public final class OverheadJson {
  private OverheadJson() {}

  static Object num(double v) {
    return Double.isFinite(v) ? v : null;
  }

  static JsonObject cell(CellKey c) {
    JsonObject labels = new JsonObject();
    c.labels().forEach(labels::put);
    return new JsonObject().put("device", c.device()).put("env", c.env()).put("net", c.net()).put("tool", c.tool())
        .put("benchmark", c.benchmark()).put("metric", c.metric()).put("labels", labels).put("instances", c.instances());
  }

  static JsonObject summary(Summary s) {
    return new JsonObject().put("n", s.n()).put("mean", num(s.mean())).put("median", num(s.median()))
        .put("sd", num(s.standardDeviation())).put("cv", num(io.benchtap.analyze.stats.Comparisons.Result.cv(s)))
        .put("ciLower", num(s.ciLower())).put("ciUpper", num(s.ciUpper()));
  }

  public static JsonObject of(Overhead o) {
    return cell(o.cell()).put("campaign", o.campaign()).put("baseline", o.baseline())
        .put("native", summary(o.nativeSide())).put("container", summary(o.container()))
        .put("changeRatio", num(o.change())).put("changeRatioLower", num(o.changeLower())).put("changeRatioUpper", num(o.changeUpper()))
        .put("overheadRatio", num(o.overhead())).put("overheadRatioLower", num(o.overheadLower()))
        .put("overheadRatioUpper", num(o.overheadUpper())).put("intervalLevel", num(o.intervalLevel()))
        .put("pValue", num(o.pAdjusted())).put("pRaw", num(o.pRaw())).put("welchP", num(o.pRaw()))
        .put("mannWhitneyP", num(o.mannWhitneyP())).put("significant", o.significant()).put("judged", o.judged())
        .put("verdict", o.verdict()).put("aggregate", o.aggregate().wire()).put("incompleteRuns", o.incompleteRuns())
        .put("direction", o.direction().wire());
  }

  public static JsonObject of(Regression r) {
    return cell(r.cell()).put("kind", r.kind()).put("campaign", r.campaign()).put("previous", r.previous())
        .put("changeRatio", num(r.change())).put("pValue", num(r.pValue())).put("at", r.at() == null ? null : r.at().toString());
  }
}
