package respgraph.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.neo4j.server.BlockingBootstrapper;
import org.neo4j.server.CommunityBootstrapper;

/**
 * Runs Neo4j Community as a local, loopback-only server for respgraph.
 *
 * <pre>
 * java -cp CLASSPATH respgraph.server.Launcher --home DIR --bolt-port 7687 --http-port 7474
 * </pre>
 *
 * Everything the server writes (data, transaction logs, debug logs, the pid
 * file) lives under DIR.  Bolt and HTTP listen on 127.0.0.1 only, and
 * authentication is off: the server is for one user on one machine.
 * An HTTP port of 0 turns the HTTP connector (and Neo4j Browser) off.
 * The process blocks until it receives SIGTERM or SIGINT, then shuts the
 * database down cleanly.
 */
public final class Launcher {

    private Launcher() {}

    public static void main(String[] args) {
        Map<String, String> options = parse(args);
        Path home = Path.of(require(options, "home")).toAbsolutePath();
        int boltPort = port(options, "bolt-port", "7687");
        int httpPort = port(options, "http-port", "7474");
        String pageCache = options.getOrDefault("pagecache", "512m");

        Map<String, String> config = new HashMap<>();
        config.put("server.default_listen_address", "127.0.0.1");
        config.put("server.default_advertised_address", "127.0.0.1");
        config.put("server.bolt.enabled", "true");
        config.put("server.bolt.listen_address", "127.0.0.1:" + boltPort);
        config.put("server.bolt.advertised_address", "127.0.0.1:" + boltPort);
        config.put("server.bolt.tls_level", "DISABLED");
        config.put("server.http.enabled", Boolean.toString(httpPort > 0));
        if (httpPort > 0) {
            config.put("server.http.listen_address", "127.0.0.1:" + httpPort);
            config.put("server.http.advertised_address", "127.0.0.1:" + httpPort);
        }
        config.put("server.https.enabled", "false");
        // Loopback only and a single local user: no password to set up.
        config.put("dbms.security.auth_enabled", "false");
        config.put("server.directories.data", home.resolve("data").toString());
        config.put("server.directories.logs", home.resolve("logs").toString());
        config.put("server.directories.run", home.resolve("run").toString());
        config.put("server.directories.import", home.resolve("import").toString());
        config.put("server.directories.plugins", home.resolve("plugins").toString());
        config.put("server.memory.pagecache.size", pageCache);
        // Keep the disk footprint of a development database small.
        config.put("db.tx_log.rotation.retention_policy", "2 files");
        // A local tool: no usage reports from the server or from Browser.
        config.put("dbms.usage_report.enabled", "false");
        config.put("client.allow_telemetry", "false");
        // Bolt otherwise waits twice for a 5 s quiet period on shutdown; nobody
        // else shares this server, so stop at once.
        config.put("internal.dbms.bolt.netty_server_shutdown_quiet_period", "0");
        config.put("internal.dbms.bolt.netty_server_shutdown_timeout", "5");

        Path configFile = home.resolve("conf").resolve("neo4j.conf");
        try {
            Files.createDirectories(home.resolve("data"));
            Files.createDirectories(home.resolve("logs"));
            Files.createDirectories(home.resolve("run"));
            Files.createDirectories(home.resolve("import"));
            Files.createDirectories(home.resolve("plugins"));
            Files.createDirectories(configFile.getParent());
            if (!Files.exists(configFile)) {
                Files.writeString(configFile,
                        "# Extra Neo4j settings for this server (one name=value a line).\n"
                        + "# Listen addresses, ports, folders and authentication are set by\n"
                        + "# respgraph's launcher and take precedence over this file.\n");
            }
        } catch (Exception e) {
            System.err.println("Cannot create the server folders under " + home + ": " + e);
            System.exit(2);
        }

        System.out.println("respgraph launcher: Neo4j home " + home
                + ", Bolt 127.0.0.1:" + boltPort
                + (httpPort > 0 ? ", HTTP 127.0.0.1:" + httpPort : ", HTTP off"));
        // Blocks until SIGTERM/SIGINT; the bootstrapper's shutdown hook stops the database.
        int code = new BlockingBootstrapper(new CommunityBootstrapper())
                .start(home, configFile, config, false, false);
        System.exit(code);
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || i + 1 >= args.length) {
                usage("unexpected argument: " + arg);
            }
            options.put(arg.substring(2), args[++i]);
        }
        return options;
    }

    private static String require(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null || value.isEmpty()) {
            usage("--" + name + " is required");
        }
        return value;
    }

    private static int port(Map<String, String> options, String name, String fallback) {
        String value = options.getOrDefault(name, fallback);
        try {
            int port = Integer.parseInt(value);
            if (port < 0 || port > 65535) {
                usage("--" + name + " must be between 0 and 65535, not " + value);
            }
            return port;
        } catch (NumberFormatException e) {
            usage("--" + name + " must be a number, not " + value);
            return -1;
        }
    }

    private static void usage(String problem) {
        System.err.println("respgraph launcher: " + problem);
        System.err.println("usage: Launcher --home DIR [--bolt-port N] [--http-port N (0 = off)] [--pagecache SIZE]");
        System.exit(2);
    }
}
