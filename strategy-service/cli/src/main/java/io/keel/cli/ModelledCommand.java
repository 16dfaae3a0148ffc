package io.keel.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A command whose picocli model is built in code with picocli's {@link CommandSpec}/{@link OptionSpec} API instead of
 * being read from annotations. Reading annotations costs a cold JVM about 100 ms (picocli's classes cannot be
 * verified ahead of time, and each annotation type becomes a proxy class), a sixth of a short {@code keel seed} run.
 * <p>
 * A command class is registered in {@code KeelCli.COMMANDS} the same way either kind: an annotated class
 * ({@code @Command}) or a class implementing this interface with a no-argument constructor.
 */
interface ModelledCommand {

    /** The command's model, with this object as the {@code Runnable} or {@code Callable} picocli runs. */
    CommandSpec model();

    /**
     * What picocli's {@code addSubcommand} takes for a registered command class: the model built in code for a
     * {@code ModelledCommand}, else the annotated class itself.
     */
    static Object modelOf(Class<?> command) {
        if (!ModelledCommand.class.isAssignableFrom(command)) {
            return command;
        }
        try {
            var constructor = command.getDeclaredConstructor();
            constructor.setAccessible(true);
            return ((ModelledCommand) constructor.newInstance()).model();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(command.getName() + " needs a no-argument constructor", e);
        }
    }

    /**
     * A command named {@code name} running {@code userObject}, with the standard {@code -h/--help} and
     * {@code -V/--version} options as picocli's {@code mixinStandardHelpOptions} adds them (built here: that mixin is
     * read from annotations).
     */
    static CommandSpec command(Object userObject, String name, String... description) {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(userObject).name(name).version(KeelCli.VERSION);
        spec.usageMessage().description(description);
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("Show this help message and exit.").build());
        spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true).description("Print version information and exit.")
                .build());
        return spec;
    }

    /** An option taking one value of {@code type}, shown as {@code name=label} in the usage help. */
    static OptionSpec option(String name, Class<?> type, String label, boolean required, String... description) {
        return OptionSpec.builder(name).type(type).paramLabel(label).required(required).description(description).build();
    }

    /** The parsed value of the option {@code name} of {@code spec} (null when absent and without default). */
    static <T> T value(CommandSpec spec, String name) {
        return spec.findOption(name).getValue();
    }
}
