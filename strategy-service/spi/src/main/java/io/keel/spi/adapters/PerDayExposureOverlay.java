package io.keel.spi.adapters;

import io.keel.spi.ExposureTracker;
import io.keel.spi.Overlay;
import io.keel.spi.Parameters;
import io.keel.spi.Universe;

/**
 * An {@link Overlay.Stage#EXPOSURE} overlay that decides each day's exposure from the whole histories
 * at once: implement {@link #exposure(ExposureContext, Parameters)} and the engine's form,
 * {@link Overlay#exposureTracker(Parameters, Universe)}, is a tracker that records the returns it is
 * fed and asks {@code exposure} with views of them every day. Not part of the engine's contract; a
 * convenience for simple plugins. A day's call sees every return so far, so a formula over the whole
 * history costs O(days) per day; an overlay that can update its figures day by day implements
 * {@link ExposureTracker} itself (as the built-in volatility target and drawdown brake do).
 */
public interface PerDayExposureOverlay extends Overlay {

    /**
     * The exposure multiplier decided at the close of {@code context.decisionDate()} for the next day
     * the definition applies it to, from the histories in {@code context}.
     *
     * @throws IllegalArgumentException (typically from {@link Exposure}'s constructor) when no valid
     *                                  factor exists; the engine stops the backtest naming the plugin
     */
    Exposure exposure(ExposureContext context, Parameters params);

    /** A {@link RecordingTracker} asking {@link #exposure(ExposureContext, Parameters)} at every factor. */
    @Override
    default ExposureTracker exposureTracker(Parameters params, Universe universe) {
        return new RecordingTracker(this, params, universe);
    }
}
