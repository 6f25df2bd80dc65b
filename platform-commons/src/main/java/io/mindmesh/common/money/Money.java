package io.mindmesh.common.money;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * USD amounts are exact decimals kept to 6 places (micro-dollars). Arithmetic rounds half-even
 * (banker's rounding) so that rounding errors do not drift in one direction over many entries.
 */
public final class Money {

    public static final int SCALE = 6;
    public static final RoundingMode ROUNDING = RoundingMode.HALF_EVEN;
    public static final String CURRENCY = "USD";
    public static final BigDecimal ZERO = BigDecimal.ZERO.setScale(SCALE);

    private Money() {
    }

    public static BigDecimal of(BigDecimal amount) {
        return amount.setScale(SCALE, ROUNDING);
    }

    public static BigDecimal of(String amount) {
        return of(new BigDecimal(amount));
    }

    /** Response form: trailing zeros dropped but at least cents, e.g. 0.880000 becomes 0.88. */
    public static BigDecimal display(BigDecimal amount) {
        BigDecimal stripped = amount.stripTrailingZeros();
        return stripped.scale() < 2 ? stripped.setScale(2, ROUNDING) : stripped;
    }
}
