package io.keel.cli.seeddiff;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The reference: the original scripts run unchanged by {@code ../shared/oracle/run_seed.sh}, their
 * {@code yf.download} answered from a directory of price CSV files (see that directory's README).
 */
final class SeedOracle {

    /** What one run of a script left behind. */
    record Outcome(int exitCode, Path csv, Path json, String stderr) {
        /** The script ran and wrote at least one row; otherwise it "fails" (raised, or wrote an empty file). */
        boolean succeeded() throws IOException {
            return exitCode == 0 && Files.isRegularFile(csv) && Files.readAllLines(csv).size() > 1;
        }

        /** The last line of the script's error output (its exception), for the record. */
        String reason() {
            String[] lines = stderr.strip().split("\n");
            return lines.length == 0 ? "exit " + exitCode : lines[lines.length - 1];
        }
    }

    private final Path oracleDir;

    SeedOracle(Path oracleDir) {
        this.oracleDir = oracleDir;
    }

    /** {@code ../shared} beside the repository, or {@code -Dkeel.shared.dir}. */
    static Path sharedDir() {
        String configured = System.getProperty("keel.shared.dir");
        Path p = configured != null ? Path.of(configured) : Path.of("../../../shared");
        return p.toAbsolutePath().normalize();
    }

    /**
     * The oracle of {@code ../shared}; a test that needs it fails when it cannot run, unless
     * {@code -Dkeel.seeddiff.skip=true} asks to skip it there.
     */
    static SeedOracle requireAvailable() {
        SeedOracle oracle = new SeedOracle(sharedDir().resolve("oracle"));
        String unavailable = oracle.unavailableReason();
        if (unavailable != null && Boolean.getBoolean("keel.seeddiff.skip")) {
            org.junit.jupiter.api.Assumptions.abort("keel.seeddiff.skip: " + unavailable);
        }
        org.assertj.core.api.Assertions.assertThat(unavailable)
                .as("the oracle must run (or pass -Dkeel.seeddiff.skip=true)").isNull();
        return oracle;
    }

    /** Why the oracle cannot run here, or null when it can (scripts present, python3 with pandas). */
    String unavailableReason() {
        if (!Files.isRegularFile(oracleDir.resolve("run_seed.sh"))) {
            return "no oracle at " + oracleDir + " (expected ../shared/oracle beside the repository; -Dkeel.shared.dir=...)";
        }
        try {
            Process p = new ProcessBuilder(python(), "-c", "import pandas, numpy").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return python() + " cannot import pandas and numpy (Debian: apt-get install python3-pandas): " + out.strip();
            }
        } catch (IOException e) {
            return "cannot start " + python() + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
        return null;
    }

    private static String python() {
        String env = System.getenv("PYTHON");
        return env != null && !env.isBlank() ? env : "/usr/bin/python3";
    }

    /** Runs {@code script} (e.g. {@code level63_dd_aware_leverage.py}) with {@code args} on {@code data}, writing into {@code out}. */
    Outcome run(Path data, Path out, String script, List<String> args, String csvName, String jsonName)
            throws IOException, InterruptedException {
        Files.createDirectories(out);
        List<String> cmd = new ArrayList<>(List.of("bash", oracleDir.resolve("run_seed.sh").toString(),
                data.toString(), out.toString(), script));
        cmd.addAll(args);
        Path err = out.resolve("oracle.stderr");
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(err.toFile()).start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IOException("oracle timed out: " + cmd);
        }
        return new Outcome(p.exitValue(), out.resolve(csvName), out.resolve(jsonName), Files.readString(err));
    }
}
