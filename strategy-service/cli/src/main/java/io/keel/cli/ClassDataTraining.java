package io.keel.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

/**
 * The training run of the class-data-sharing archive the {@code keel-cli} launcher keeps beside the jar: runs each
 * original script's strategy once ({@code seed level73|level70|level61|level63}) and the help of every command, in one
 * JVM started with {@code -XX:DumpLoadedClassList}; {@code -Xshare:dump} then archives the classes listed (the JDK's,
 * picocli's and Keel's), so that later runs map them instead of loading and verifying them again.
 *
 * <p>Usage: {@code java -XX:DumpLoadedClassList=classes.txt -cp keel-cli.jar io.keel.cli.ClassDataTraining PRICES_DIR OUT_DIR},
 * then {@code java -Xshare:dump -XX:SharedClassListFile=classes.txt -XX:SharedArchiveFile=keel-cli.jsa -cp keel-cli.jar}
 * (with the options the archive is used with; see {@code ./keel-cli}).
 */
public final class ClassDataTraining {

    private ClassDataTraining() {
    }

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: ClassDataTraining PRICES_DIR OUT_DIR");
            System.exit(2);
        }
        String prices = args[0];
        String out = args[1];
        int failures = 0;
        for (String script : new String[] {"level73", "level70", "level61", "level63"}) {
            failures += run("seed", script, "--prices", prices, "--out", Path.of(out, script).toString());
        }
        for (String command : new String[] {"backtest", "seed", "differences", "plugins", "fetch", "sweep"}) {
            run(command, "--help");
        }
        run("plugins");
        System.exit(failures == 0 ? 0 : 1);
    }

    private static int run(String... args) {
        StringWriter sink = new StringWriter();
        return KeelCli.execute(new PrintWriter(sink), new PrintWriter(sink), args) == 0 ? 0 : 1;
    }
}
