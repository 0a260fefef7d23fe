package io.flotilla.proxy.cli;

import picocli.CommandLine;

/** The {@code flotilla} command line: up, status, demo, bench, config-reference. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        System.setProperty("org.slf4j.simpleLogger.log.ch.vorburger", "warn");
        int code = new CommandLine(new FlotillaCommand())
                .setExecutionExceptionHandler(new ErrorHandler())
                .execute(args);
        System.exit(code);
    }
}
