package org.virtwho.agent.password;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.virtwho.config.KeyFileException;
import org.virtwho.config.PasswordCipher;
import org.virtwho.config.Secret;
import org.virtwho.config.SystemPaths;

/**
 * {@code virt-who-password}: encrypts a password for the {@code encrypted_password} family of options.
 *
 * <p>Unlike upstream it does not insist on running as root. Whoever can create or read the key file may use
 * it, which is what lets {@code VIRT_WHO_ROOT} setups work without privileges; a permission problem on the
 * key file still suggests rerunning as root.
 */
public final class PasswordTool {
    private static final String NAME = "virt-who-password";
    private static final String USAGE = "Usage: " + NAME + " [-h|--help] [-p|--password PASSWORD]";

    private final SystemPaths paths;
    private final Console console;
    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;

    /** {@code console} is null when there is no terminal; the password is then read from {@code in}. */
    public PasswordTool(SystemPaths paths, Console console, InputStream in, PrintStream out, PrintStream err) {
        this.paths = paths;
        this.console = console;
        this.in = in;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new PasswordTool(SystemPaths.fromEnvironment(System.getenv()), System.console(), System.in,
                System.out, System.err).run(args));
    }

    public int run(String[] args) {
        String password = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-h") || arg.equals("--help")) {
                out.print(help());
                out.flush();
                return 0;
            } else if (arg.equals("-p") || arg.equals("--password")) {
                if (i + 1 == args.length) {
                    return usageError("option " + arg + " requires an argument");
                }
                password = args[++i];
            } else if (arg.startsWith("--password=")) {
                password = arg.substring("--password=".length());
            } else if (arg.startsWith("-p") && !arg.startsWith("--")) {
                password = arg.substring(2);
            } else if (arg.startsWith("-")) {
                return usageError("no such option: " + optionName(arg));
            } else {
                // Not quoted: a stray argument is quite likely a password given without -p.
                return usageError("unexpected argument");
            }
        }
        try {
            if (password == null) {
                password = readPassword();
                if (password == null) {
                    err.println(NAME + ": no password given");
                    return 1;
                }
            }
            String encrypted = new PasswordCipher(paths.keyFile()).encrypt(Secret.of(password));
            err.println("Use following as value for encrypted_password key in the configuration file:");
            out.println(encrypted);
            return 0;
        } catch (KeyFileException e) {
            err.println(e.getMessage() + (e.permissionDenied() ? ", rerun as root" : ""));
            return 1;
        } catch (IOException e) {
            err.println(NAME + ": cannot read the password: " + e.getMessage());
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private String readPassword() throws IOException {
        if (console != null) {
            char[] typed = console.readPassword("Password: ");
            if (typed == null) {
                return null;
            }
            String password = new String(typed);
            Arrays.fill(typed, '\0');
            return password;
        }
        // Scripts pipe the password in; no prompt, so that their output stays clean.
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
    }

    private int usageError(String problem) {
        err.println(NAME + ": " + problem);
        err.println(USAGE);
        err.println("Try '" + NAME + " --help' for more information.");
        err.flush();
        return 2;
    }

    /** Only the option itself: whatever is glued to it might be a password typed after a wrong option. */
    private static String optionName(String arg) {
        if (arg.startsWith("--")) {
            int equals = arg.indexOf('=');
            return equals < 0 ? arg : arg.substring(0, equals);
        }
        return arg.substring(0, Math.min(2, arg.length()));
    }

    private String help() {
        return USAGE + "\n"
                + "\n"
                + "Encrypts a password for the encrypted_password, rhsm_encrypted_password and\n"
                + "rhsm_encrypted_proxy_password options of virt-who. The key is kept in\n"
                + paths.keyFile() + ", which is created on first use.\n"
                + "\n"
                + "Options:\n"
                + "  -h, --help               show this help and exit\n"
                + "  -p, --password PASSWORD  encrypt PASSWORD instead of asking for it; beware that\n"
                + "                           other users can see command lines in the process list\n";
    }
}
