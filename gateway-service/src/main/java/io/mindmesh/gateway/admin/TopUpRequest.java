package io.mindmesh.gateway.admin;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;

/**
 * @param reference required idempotency key: the same reference never credits twice, so a retry
 *                  after a timeout is safe (a key generated here would make every retry a new credit)
 */
public record TopUpRequest(
        @NotNull(message = "Amount is required")
        @DecimalMin(value = "0", inclusive = false, message = "Amount must be greater than 0")
        @DecimalMax(value = "1000000", message = "Amount must be at most 1000000")
        @Digits(integer = 7, fraction = 6, message = "Amount must have at most 6 decimals") BigDecimal amount,
        @NotBlank(message = "Reference is required")
        @Size(max = 100, message = "Reference must be 1 to 100 characters") String reference) {
}
