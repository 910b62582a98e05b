package dev.netkit.cli;

import picocli.CommandLine;

/** Creates commands, handing the ones that want it the {@link Terminal}. */
final class CommandFactory implements CommandLine.IFactory {

    private final Terminal terminal;
    private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

    CommandFactory(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
        try {
            return type.getDeclaredConstructor(Terminal.class).newInstance(terminal);
        } catch (NoSuchMethodException e) {
            return fallback.create(type);
        }
    }
}
