package io.keel.cli.seeddiff;

import java.util.List;
import java.util.Map;

/**
 * One differential case: an original script, a price directory and the flags a user would type
 * (the same list goes to the script and to {@code keel seed}).
 *
 * @param id      position in the sample (for the record)
 * @param script  Keel's script name ({@code level73}, {@code level70}, {@code level61}, {@code level63})
 * @param dataSet name of the price directory under {@code ../shared/data}
 * @param args    flags and values, in the order given
 */
record SeedCase(int id, String script, String dataSet, List<String> args) {

    static final Map<String, String> FILES = Map.of(
            "level73", "level73_vol_target_overlay",
            "level70", "level70_vol_target_drawdown",
            "level61", "level61_regime_riskparity",
            "level63", "level63_dd_aware_leverage");

    /** The script's file in the oracle, e.g. {@code level63_dd_aware_leverage.py}. */
    String scriptFile() {
        return FILES.get(script) + ".py";
    }

    /** The CSV the script writes: its default name or the value of {@code --csv}. */
    String csvName() {
        String given = value("--csv");
        if (given != null) {
            return given;
        }
        return script.equals("level63") ? "level63_dd_leverage_series.csv" : FILES.get(script) + ".csv";
    }

    /** The summary JSON the script writes: its default name or the value of {@code --json}. */
    String jsonName() {
        String given = value("--json");
        if (given != null) {
            return given;
        }
        return script.equals("level63") ? "level63_dd_leverage_summary.json" : FILES.get(script) + "_summary.json";
    }

    /** The last value given for {@code flag} (argparse keeps the last). */
    String value(String flag) {
        String v = null;
        for (int i = 0; i + 1 < args.size(); i++) {
            if (args.get(i).equals(flag)) {
                v = args.get(i + 1);
            }
        }
        return v;
    }

    /** Both commands, ready to paste, to replay this case from the repository root. */
    String replay() {
        StringBuilder flags = new StringBuilder();
        for (String a : args) {
            flags.append(' ').append(a.isEmpty() || a.contains(" ") ? "'" + a + "'" : a);
        }
        return "bash ../shared/oracle/run_seed.sh ../shared/data/" + dataSet + " out/oracle " + scriptFile() + flags
                + "\n    java -jar strategy-service/cli/target/keel-cli.jar seed " + script + flags
                + " --prices ../shared/data/" + dataSet + " --out out/keel";
    }
}
