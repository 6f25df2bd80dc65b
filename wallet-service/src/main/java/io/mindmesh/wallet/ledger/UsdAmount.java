package io.mindmesh.wallet.ledger;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotNull;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An amount of US dollars that the ledger accepts: present, above zero, at most 6 decimals (the
 * ledger's precision, so nothing is ever rounded away) and at most one billion per movement, so
 * that running balances stay far inside NUMERIC(20,6).
 */
@NotNull(message = "Amount is required.")
@DecimalMin(value = "0", inclusive = false, message = "Amount must be greater than 0.")
@DecimalMax(value = "1000000000", message = "Amount must not exceed 1000000000 USD.")
@Digits(integer = 10, fraction = 6, message = "Amount must have at most 6 decimal places.")
@Constraint(validatedBy = {})
@Documented
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
public @interface UsdAmount {

    String message() default "Amount must be a positive number of US dollars with at most 6 decimals.";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
