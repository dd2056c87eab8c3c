package io.benchtap.parse.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** The shared number parser keeps each tool family's grammar and never throws. */
class DecimalsTest {

  @Test
  void printfAcceptsPlainAndExponentFormsOnly() {
    assertThat(Decimals.PRINTF.parse("5.744e+00")).hasValue(5.744);
    assertThat(Decimals.PRINTF.parse(".5")).hasValue(0.5);
    assertThat(Decimals.PRINTF.parse("1.")).hasValue(1.0);
    for (String bad : new String[] {null, "", "nan", "-nan", "inf", "-1", "0x10", "1e1000", "1e-0001",
        "1,5", " 1", "1".repeat(41)}) {
      assertThat(Decimals.PRINTF.parse(bad)).as(String.valueOf(bad)).isEmpty();
      assertThat(Decimals.PRINTF.decimal(bad)).as(String.valueOf(bad)).isNull();
    }
    assertThat(Decimals.PRINTF.parse("1".repeat(40))).isPresent();
  }

  @Test
  void scalingIsExactInDecimal() {
    assertThat(Decimals.PRINTF.scaled("4.33", -3)).hasValue(0.00433);
    assertThat(Decimals.PRINTF.scaled("5.744e+00", 9)).hasValue(5.744e9);
    assertThat(Decimals.PRINTF.scaled("9e300", 9)).isEmpty();
    assertThat(Decimals.PRINTF.scaled("x", 3)).isEmpty();
  }

  @Test
  void unboundedExponentAndLengthLimitAreParameters() {
    Decimals wide = Decimals.scientific(64, 0);
    assertThat(wide.parse("1e0001")).hasValue(10.0);
    assertThat(wide.parse("1e400")).isEmpty(); // infinite
    assertThat(wide.parse("1".repeat(64))).isPresent();
    assertThat(wide.parse("1".repeat(65))).isEmpty();
  }

  @Test
  void fixedPointBoundsDigitsAndOnlyTheCommaVariantTakesAComma() {
    Decimals fixed = Decimals.fixed(3, 2);
    assertThat(fixed.parse("123.45")).hasValue(123.45);
    assertThat(fixed.parse("1234")).isEmpty();
    assertThat(fixed.parse("1.234")).isEmpty();
    assertThat(fixed.parse("1e3")).isEmpty();
    assertThat(fixed.parse("0,99")).isEmpty();
    Decimals comma = Decimals.fixedOrComma(3, 3);
    assertThat(comma.decimal("0,999")).isEqualByComparingTo(new BigDecimal("0.999"));
    assertThat(comma.parse("0.999")).hasValue(0.999);
    assertThat(comma.parse("1,2,3")).isEmpty();
  }

  @Test
  void finiteDropsNegativeAndNonFinite() {
    assertThat(Decimals.finite(-0.5)).isEmpty();
    assertThat(Decimals.finite(Double.NaN)).isEmpty();
    assertThat(Decimals.finite(Double.POSITIVE_INFINITY)).isEmpty();
    assertThat(Decimals.finite(0)).isEqualTo(OptionalDouble.of(0));
  }
}
