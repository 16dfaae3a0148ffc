package io.keel.cli.seeddiff;

import io.keel.engine.calc.InvalidDefinitionException;
import io.keel.engine.seed.SeedScripts;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SeedScripts#symbols}, which {@code keel seed} reads prices with while the definition is still being built,
 * names the definition's universe, in its order, for every invocation that builds one.
 */
class SeedSymbolsTest {

    @Test
    void symbols_areTheDefinitionsUniverse_forSampledFlagsOfEveryScript() {
        SeedCaseSampler sampler = new SeedCaseSampler(20261208L);
        int built = 0;
        for (int i = 0; i < 400; i++) {
            SeedCase c = sampler.next(i);
            List<String> symbols = SeedScripts.symbols(c.script(), c.args());
            try {
                List<String> universe = SeedScripts.invocation(c.script(), c.args()).definition().universe();
                assertThat(symbols).as("%s %s", c.script(), c.args()).isEqualTo(universe);
                built++;
            } catch (InvalidDefinitionException refused) {
                // the flags are refused: whatever was read early is not used
            }
        }
        assertThat(built).as("cases that build a definition").isGreaterThan(200);
    }

    @Test
    void symbols_followArgparse_prefixesEqualsSignsAndSpaces() {
        assertThat(SeedScripts.symbols("level73", List.of("--sym", "TLT, SPY"))).containsExactly("TLT", "SPY");
        assertThat(SeedScripts.symbols("level70", List.of("--symbols=GLD,QQQ", "--symbols", "IWM"))).containsExactly("IWM");
        assertThat(SeedScripts.symbols("level61", List.of("--tc-bps", "5")))
                .containsExactly("SPY", "QQQ", "IWM", "EFA", "EEM", "TLT", "LQD", "GLD");
        assertThat(SeedScripts.invocation("level73", List.of("--sym", "TLT, SPY")).definition().universe())
                .containsExactly("TLT", "SPY");
    }

    @Test
    void symbols_areNone_whenTheFlagsCannotBeRead() {
        assertThat(SeedScripts.symbols("level73", List.of("--nope", "1"))).isEmpty();
        assertThat(SeedScripts.symbols("level99", List.of())).isEmpty();
        assertThat(SeedScripts.symbols("level73", List.of("--symbols"))).isEmpty();
    }
}
