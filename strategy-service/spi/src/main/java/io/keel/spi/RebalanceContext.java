package io.keel.spi;

import java.time.LocalDate;

/**
 * What a plugin may know when it decides target weights at the close of {@code decisionDate}.
 *
 * @param decisionDate the trading date whose close the decision is taken at
 * @param universe     the assets (column order) and their groups
 * @param returns      asset returns up to and including {@code decisionDate}, nothing later
 */
public record RebalanceContext(LocalDate decisionDate, Universe universe, AssetReturns returns) {
}
