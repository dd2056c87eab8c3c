package io.benchtap.parse.support;

import java.math.BigDecimal;
import java.util.OptionalDouble;

/**
 * Number parsing and unit conversion shared by the iperf (2) and iperf3 parsers, exact in decimal
 * (BigDecimal). Both tools divide byte prefixes by 1024 and bit prefixes by 1000:
 *
 * <p>iperf3: transfers with {@code unit_snprintf(..., 'A')} (adaptive bytes), rates with the
 * {@code -f} format, adaptive bits by default; in {@code src/units.c} {@code conversion_bytes[]}
 * divides by 1024 per prefix and {@code conversion_bits[]} by 1000. So {@code MBytes} is 2^20
 * bytes and {@code Mbits/sec} 10^6 bits per second; a rate printed in bytes ({@code -f M}:
 * {@code MBytes/sec}) is 2^20 x 8 bits per second.
 *
 * <p>iperf 2: {@code byte_snprintf} ({@code src/stdio.c}) with {@code kConversion[]} (1024) and
 * {@code kConversionForBits[]} (1000), the same rules. Evidence: the fixtures' READMEs.
 */
public final class IperfUnits {

  private static final Decimals PLAIN = Decimals.fixed(18, 18);
  private static final String PREFIXES = "KMGTP";

  private IperfUnits() {}

  /** A plain non-negative decimal, or empty. */
  public static OptionalDouble number(String text) {
    return PLAIN.parse(text);
  }

  /** {@code 1.64} with {@code GBytes} in bytes (powers of 1024). */
  public static OptionalDouble bytes(String value, String unit) {
    int power = power(unit, "Bytes");
    return power < 0 ? OptionalDouble.empty() : scaled(value, BigDecimal.valueOf(1024).pow(power));
  }

  /** {@code 14.1} with {@code Gbits/sec} in bits per second; {@code MBytes/sec} is also accepted. */
  public static OptionalDouble bitsPerSecond(String value, String unit) {
    int bits = power(unit, "bits/sec");
    if (bits >= 0) {
      return scaled(value, BigDecimal.TEN.pow(3 * bits));
    }
    int bytes = power(unit, "Bytes/sec");
    return bytes < 0 ? OptionalDouble.empty()
        : scaled(value, BigDecimal.valueOf(1024).pow(bytes).multiply(BigDecimal.valueOf(8)));
  }

  /** Milliseconds as printed ({@code 0.011}) in seconds. */
  public static OptionalDouble millis(String value) {
    return PLAIN.scaled(value, -3);
  }

  /** A percentage as printed ({@code 35.7}) as a ratio. */
  public static OptionalDouble percent(String value) {
    return PLAIN.scaled(value, -2);
  }

  /** -1 when the unit is not [prefix]suffix; 0 for no prefix, 1 for K, 2 for M... */
  private static int power(String unit, String suffix) {
    if (unit == null || !unit.endsWith(suffix)) {
      return -1;
    }
    String prefix = unit.substring(0, unit.length() - suffix.length());
    if (prefix.isEmpty()) {
      return 0;
    }
    int i = prefix.length() == 1 ? PREFIXES.indexOf(Character.toUpperCase(prefix.charAt(0))) : -1;
    return i < 0 ? -1 : i + 1;
  }

  private static OptionalDouble scaled(String value, BigDecimal factor) {
    BigDecimal d = PLAIN.decimal(value);
    return d == null ? OptionalDouble.empty() : Decimals.finite(d.multiply(factor).doubleValue());
  }
}
