package io.keel.strategy.app.signals;

import java.util.List;

/**
 * What follows a definition's signals (the portfolios): told of every signal stored or found by the
 * signal job or a request, so that it can derive its own records from it (exactly once per signal is
 * its own business), and asked which symbols it holds beyond the definition's universe, so that the
 * signal carries their reference prices too.
 */
public interface SignalFollowers {

    /** Symbols held by followers of the definition (may be outside its universe). */
    List<String> heldSymbols(long definitionId);

    /** A signal exists (new or already stored); called outside any transaction. */
    void signalReady(SignalStore.Row signal);
}
