package io.keel.engine.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import io.keel.result.metrics.PeriodMoments;

import java.util.List;

/**
 * What one variant of a sweep gave: its figures and per-month moments, or why it gave none. Small (the moments are a
 * few KB for 16 years of days): no daily series is kept.
 *
 * @param index   the variant's {@link Variant#index()}
 * @param values  the value of each axis, in axis order
 * @param metrics the overlaid portfolio's figures; null when the variant failed
 * @param moments the overlaid portfolio's daily returns ({@code port_ret}, from the series' first row) as per-month
 *                sufficient statistics ({@link PeriodMoments}), for walk-forward and overfitting statistics; null when
 *                the variant failed
 * @param failure why the variant has no result, in domain words (e.g. "the weight scheme 'risk-parity' never had
 *                enough history to allocate between 2010-01-04 and 2010-06-30"); null when it ran
 */
public record VariantResult(int index, List<JsonNode> values, VariantMetrics metrics, PeriodMoments moments,
                            String failure) {
    public VariantResult {
        values = List.copyOf(values);
        if ((failure == null) == (metrics == null) || (metrics == null) != (moments == null)) {
            throw new IllegalArgumentException("a variant result has metrics and moments, or a failure");
        }
    }

    /** A variant that ran. */
    public static VariantResult ok(int index, List<JsonNode> values, VariantMetrics metrics, PeriodMoments moments) {
        return new VariantResult(index, values, metrics, moments, null);
    }

    /** A variant that could not run, and why. */
    public static VariantResult failed(int index, List<JsonNode> values, String failure) {
        return new VariantResult(index, values, null, null, failure);
    }

    /** Whether the variant ran (it has metrics and moments). */
    public boolean ok() {
        return failure == null;
    }
}
