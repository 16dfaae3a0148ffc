package io.keel.result.overfitting;

import com.fasterxml.jackson.databind.JsonNode;
import io.keel.result.metrics.PeriodMoments;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Normal distribution, PSR/DSR, PBO by CSCV and walk-forward against an independent numpy/scipy computation from the
 * daily returns ({@code src/test/resources/overfitting/overfitting.py} wrote {@code returns.csv}, 8 variants over
 * 2017-01-18..2022-11-09, and {@code expected.json}).
 */
class OverfittingReferenceTest {

    static final double TOL = 1e-12;
    static final Fixture F = Fixture.load();

    @Test
    void normalCdfAndInverse_equalScipy() {
        JsonNode n = F.expected.get("normal");
        for (int i = 0; i < n.get("x").size(); i++) {
            double x = n.get("x").get(i).asDouble();
            double e = n.get("cdf").get(i).asDouble();
            assertThat(Normal.cdf(x)).as("cdf(%s)", x).isCloseTo(e, within(Math.max(1e-15, 1e-13 * e)));
        }
        for (int i = 0; i < n.get("p").size(); i++) {
            double p = n.get("p").get(i).asDouble();
            double e = n.get("inverse").get(i).asDouble();
            assertThat(Normal.inverseCdf(p)).as("inverseCdf(%s)", p).isCloseTo(e, within(1e-14 * Math.max(1, Math.abs(e))));
        }
    }

    @Test
    void deflatedSharpe_ofTheBestVariant_equalsScipy() {
        JsonNode d = F.expected.get("deflated");
        int sel = d.get("selected").asInt();
        assertThat(SelectionMetric.SHARPE.best(F.moments())).isEqualTo(sel);
        double skew = SharpeInference.skewness(F.returns[sel]);
        double kurt = SharpeInference.kurtosis(F.returns[sel]);
        assertThat(skew).isCloseTo(d.get("skewness").asDouble(), within(1e-12));
        assertThat(kurt).isCloseTo(d.get("kurtosis").asDouble(), within(1e-12));

        SharpeInference.Deflated dsr = SharpeInference.deflated(F.moments(), sel, skew, kurt);
        assertThat(dsr.trials()).isEqualTo(8);
        assertThat(dsr.observations()).isEqualTo(d.get("observations").asLong());
        assertThat(dsr.sharpe()).isCloseTo(d.get("sharpeDaily").get(sel).asDouble(), within(1e-13));
        assertThat(dsr.sharpeVariance()).isCloseTo(d.get("sharpeVariance").asDouble(), within(1e-15));
        assertThat(dsr.expectedMaxSharpe()).isCloseTo(d.get("expectedMaxSharpe").asDouble(), within(1e-13));
        assertThat(dsr.probability()).isCloseTo(d.get("probability").asDouble(), within(1e-11));
        assertThat(dsr.annualSharpe()).isCloseTo(d.get("sharpeDaily").get(sel).asDouble() * Math.sqrt(252), within(1e-12));
        assertThat(SharpeInference.probabilisticSharpe(dsr.sharpe(), 0, dsr.observations(), skew, kurt))
                .isCloseTo(d.get("psrAgainstZero").asDouble(), within(1e-11));
    }

    @Test
    void deflatedSharpe_ofThePapersExample_is0_9004() {
        // Bailey & López de Prado (2014), section "A numerical example": N = 100 trials, annualised SR 2.5, annualised
        // V[SR] 0.5, T = 1250 daily returns, skewness -3, kurtosis 10, 250 days a year: SR0 = 0.1132 (daily),
        // DSR = 0.9004. scipy's figures (expected.json) carry the digits the paper rounded.
        JsonNode e = F.expected.get("paperExample");
        double sr0 = SharpeInference.expectedMaxSharpe(100, 0.5 / 250);
        double dsr = SharpeInference.deflatedSharpe(2.5 / Math.sqrt(250), 100, 0.5 / 250, 1250, -3, 10);
        assertThat(sr0).isCloseTo(0.1132, within(5e-5));
        assertThat(dsr).isCloseTo(0.9004, within(5e-5));
        assertThat(sr0).isCloseTo(e.get("expectedMaxSharpe").asDouble(), within(1e-14));
        assertThat(dsr).isCloseTo(e.get("probability").asDouble(), within(1e-13));
    }

    @Test
    void pbo_equalsBruteForceCscvOverTheDailyRows() {
        List<PeriodMoments> moments = F.moments();
        for (JsonNode e : F.expected.get("pbo")) {
            String what = e.get("metric").asText() + " S=" + e.get("blocks").asInt();
            Cscv.Result r = Cscv.run(moments, new Cscv.Spec(e.get("blocks").asInt(),
                    SelectionMetric.valueOf(e.get("metric").asText())));
            assertThat(r.combinations()).as(what).isEqualTo(e.get("combinations").asInt());
            assertThat(r.blocks()).as(what).hasSize(e.get("blockMonths").size());
            for (int k = 0; k < r.blocks().size(); k++) {
                JsonNode b = e.get("blockMonths").get(k);
                assertThat(r.blocks().get(k).first()).as(what).hasToString(b.get("first").asText());
                assertThat(r.blocks().get(k).last()).as(what).hasToString(b.get("last").asText());
                assertThat(r.blocks().get(k).days()).as(what).isEqualTo(b.get("days").asLong());
            }
            assertThat(r.probability()).as(what).isCloseTo(e.get("pbo").asDouble(), within(TOL));
            assertThat(r.logits().mean()).as(what).isCloseTo(e.get("lambdaMean").asDouble(), within(TOL));
            for (int q = 0; q < 5; q++) {
                assertThat(r.logits().quantiles().get(q)).as(what)
                        .isCloseTo(e.get("lambdaQuantiles").get(q).asDouble(), within(TOL));
            }
            for (int h = 0; h < Cscv.HISTOGRAM_BINS; h++) {
                assertThat(r.logits().histogram().get(h).count()).as(what + " bin " + h)
                        .isEqualTo(e.get("histogram").get(h).asInt());
            }
            assertThat(r.probabilityOfLoss()).as(what).isCloseTo(e.get("probabilityOfLoss").asDouble(), within(TOL));
            assertThat(r.degradationSlope()).as(what).isCloseTo(e.get("slope").asDouble(), within(1e-9));
            assertThat(r.degradationIntercept()).as(what).isCloseTo(e.get("intercept").asDouble(), within(1e-9));
            assertThat(r.meanInSample()).as(what).isCloseTo(e.get("meanInSample").asDouble(), within(1e-10));
            assertThat(r.meanOutOfSample()).as(what).isCloseTo(e.get("meanOutOfSample").asDouble(), within(1e-10));
        }
    }

    @Test
    void walkForward_equalsNumpyOverTheDailyRows() {
        List<PeriodMoments> moments = F.moments();
        for (JsonNode e : F.expected.get("walkForward")) {
            WalkForwardSpec spec = new WalkForwardSpec(e.get("inSampleMonths").asInt(), e.get("outOfSampleMonths").asInt(),
                    WalkForwardSpec.Window.valueOf(e.get("window").asText()), SelectionMetric.valueOf(e.get("metric").asText()));
            String what = spec.toString();
            WalkForward.Result r = WalkForward.run(moments, spec);
            assertThat(r.folds()).as(what).hasSize(e.get("folds").size());
            for (int k = 0; k < r.folds().size(); k++) {
                WalkForward.Fold f = r.folds().get(k);
                JsonNode x = e.get("folds").get(k);
                assertThat(f.number()).isEqualTo(k + 1);
                assertThat(f.inSampleFirst()).as(what).hasToString(x.get("inSampleFirst").asText());
                assertThat(f.inSampleLast()).as(what).hasToString(x.get("inSampleLast").asText());
                assertThat(f.outOfSampleFirst()).as(what).hasToString(x.get("outOfSampleFirst").asText());
                assertThat(f.outOfSampleLast()).as(what).hasToString(x.get("outOfSampleLast").asText());
                assertThat(f.chosen()).as(what + " fold " + (k + 1)).isEqualTo(x.get("chosen").asInt());
                assertThat(f.inSample()).as(what).isCloseTo(x.get("inSample").asDouble(), within(1e-10));
                assertThat(f.outOfSample()).as(what).isCloseTo(x.get("outOfSample").asDouble(), within(1e-10));
                assertThat(f.degradation()).as(what).isCloseTo(x.get("degradation").asDouble(), within(1e-10));
            }
            Figures o = r.outOfSample();
            assertThat(o.days()).as(what).isEqualTo(e.get("days").asLong());
            assertThat(o.totalReturn()).as(what).isCloseTo(e.get("totalReturn").asDouble(), within(TOL));
            assertThat(o.cagr()).as(what).isCloseTo(e.get("cagr").asDouble(), within(TOL));
            assertThat(o.annualVolatility()).as(what).isCloseTo(e.get("annualVolatility").asDouble(), within(TOL));
            assertThat(o.sharpe()).as(what).isCloseTo(e.get("sharpe").asDouble(), within(1e-10));
            assertThat(o.sortino()).as(what).isCloseTo(e.get("sortino").asDouble(), within(1e-10));
            assertThat(r.meanDegradation()).as(what).isCloseTo(e.get("meanDegradation").asDouble(), within(1e-10));
            assertThat(o.months()).as(what).isEqualTo(F.expected.get("months").asInt() - spec.inSampleMonths());
        }
    }
}
