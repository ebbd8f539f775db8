package org.virtwho.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CommandLineTest {

    @Test
    void noOptionsMeansIntervalModeWithEverythingFromTheConfiguration() throws Exception {
        CommandLine.Options options = CommandLine.parse();
        assertThat(options.globalOverrides()).isEmpty();
        assertThat(options.configs()).isEmpty();
    }

    @Test
    void shortAndLongFlags() throws Exception {
        assertThat(CommandLine.parse("-d", "-o").globalOverrides())
                .isEqualTo(Map.of("debug", "true", "oneshot", "true"));
        assertThat(CommandLine.parse("--debug", "--one-shot").globalOverrides())
                .isEqualTo(Map.of("debug", "true", "oneshot", "true"));
        assertThat(CommandLine.parse("--status", "--json").globalOverrides())
                .isEqualTo(Map.of("status", "true", "json", "true"));
        assertThat(CommandLine.parse("--print").print()).isTrue();
        assertThat(CommandLine.parse("--version").version()).isTrue();
        assertThat(CommandLine.parse("-h").help()).isTrue();
    }

    @Test
    void bundledShortFlagsAsArgparseAllows() throws Exception {
        CommandLine.Options options = CommandLine.parse("-dpc", "a.conf");
        assertThat(options.debug()).isTrue();
        assertThat(options.print()).isTrue();
        assertThat(options.configs()).containsExactly(Path.of("a.conf"));
    }

    @Test
    void optionArgumentsSeparateOrAttached() throws Exception {
        assertThat(CommandLine.parse("-i", "120").interval()).isEqualTo(Optional.of("120"));
        assertThat(CommandLine.parse("-i120").interval()).isEqualTo(Optional.of("120"));
        assertThat(CommandLine.parse("--interval=120").interval()).isEqualTo(Optional.of("120"));
        assertThat(CommandLine.parse("--interval", "120").globalOverrides()).isEqualTo(Map.of("interval", "120"));
    }

    @Test
    void configIsRepeatable() throws Exception {
        assertThat(CommandLine.parse("-c", "a.conf", "--config", "b.conf", "--config=c.conf", "-cd.conf").configs())
                .isEqualTo(List.of(Path.of("a.conf"), Path.of("b.conf"), Path.of("c.conf"), Path.of("d.conf")));
    }

    @Test
    void longOptionsMayBeShortenedWhileUnambiguous() throws Exception {
        assertThat(CommandLine.parse("--one").oneShot()).isTrue();
        assertThat(CommandLine.parse("--inter", "90").interval()).contains("90");
        assertThat(CommandLine.parse("--ver").version()).isTrue();
    }

    @Test
    void unknownOptionsAndStrayArgumentsAreRefused() {
        assertThatThrownBy(() -> CommandLine.parse("--esx"))
                .hasMessage("unrecognized arguments: --esx");
        assertThatThrownBy(() -> CommandLine.parse("-x"))
                .hasMessage("unrecognized arguments: -x");
        assertThatThrownBy(() -> CommandLine.parse("-p", "extra"))
                .hasMessage("unrecognized arguments: extra");
    }

    @Test
    void aMissingArgumentIsNamed() {
        assertThatThrownBy(() -> CommandLine.parse("-i"))
                .hasMessage("argument -i/--interval: expected one argument");
        assertThatThrownBy(() -> CommandLine.parse("-c", "-p"))
                .hasMessage("argument -c/--config: expected one argument");
    }
}
