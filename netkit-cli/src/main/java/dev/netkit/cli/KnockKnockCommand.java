package dev.netkit.cli;

import dev.netkit.services.Jokes;
import dev.netkit.services.KnockKnockService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.random.RandomGenerator;

/** {@code netkit serve knock-knock}: the classic knock-knock joke server. */
@Command(name = "knock-knock", mixinStandardHelpOptions = true,
        description = "The classic knock-knock joke server (port 6789).")
final class KnockKnockCommand implements Callable<Integer> {

    private final Terminal terminal;

    @Mixin
    ListenOptions listen;

    @Mixin
    TlsServeOptions tls;

    @Mixin
    MetricsOption metrics;

    @Mixin
    LineTimeoutOption lineTimeout;

    @Option(names = "--jokes", paramLabel = "FILE", description = "Jokes to tell, one who|punchline per line.")
    Path jokes;

    KnockKnockCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() throws Exception {
        KnockKnockService service = new KnockKnockService(jokes == null ? Jokes.CLASSIC : Jokes.load(jokes),
                RandomGenerator.getDefault(), lineTimeout.lineTimeout);
        return ServeRunner.run(terminal, listen, tls, metrics, "knock-knock", KnockKnockService.DEFAULT_PORT, service,
                List.of());
    }
}
