package io.benchtap.parse.dd;

import io.benchtap.model.MetricSpec;
import io.benchtap.model.Phase;
import io.benchtap.parse.ParseSink;
import io.benchtap.parse.support.SampleEmitter;
import io.benchtap.parse.support.ToolStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One dd run's statistics lines; see {@link DdParser}. */
final class DdStream extends ToolStream {

  static final Pattern RECORDS = Pattern.compile("\\d{1,19}\\+\\d{1,19} records (in|out)");
  /** coreutils: {@code N bytes (H, H) copied, T s, R}; BusyBox: {@code N bytes (HB) copied, T seconds, RB/s}. */
  static final Pattern COPIED = Pattern.compile(
      "(\\d{1,19}) bytes? (?:\\([^)]{0,40}\\) )?copied, (\\d{1,12}(?:\\.\\d{1,12})?(?:e[-+]\\d{1,3})?) s(?:econds)?, .*");

  private final SampleEmitter emitter = new SampleEmitter("copy");

  @Override
  protected void read(String t, String line, ParseSink out) {
    Matcher m;
    if (RECORDS.matcher(t).matches()) {
      return;
    }
    if (t.startsWith("dd: ")) {
      emitter.fail(out, t);
    } else if ((m = COPIED.matcher(t)).matches()) {
      double bytes = Double.parseDouble(m.group(1));
      double seconds = Double.parseDouble(m.group(2));
      emit(out, DdParser.COPIED, bytes);
      emit(out, DdParser.COPY_TIME, seconds);
      if (seconds > 0) {
        emit(out, DdParser.COPY_THROUGHPUT, bytes / seconds);
      }
    } else {
      out.unparsed(line, "unrecognised line");
    }
  }

  /** Emits under the declared name and unit, so the two cannot drift apart. */
  private void emit(ParseSink out, MetricSpec spec, double value) {
    emitter.emit(out, spec.name(), value, spec.unit(), Phase.FINAL);
  }
}
