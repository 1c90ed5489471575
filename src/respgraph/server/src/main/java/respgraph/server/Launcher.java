package respgraph.server;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;

import org.neo4j.io.fs.DefaultFileSystemAbstraction;
import org.neo4j.kernel.impl.security.User;
import org.neo4j.logging.NullLogProvider;
import org.neo4j.memory.EmptyMemoryTracker;
import org.neo4j.server.BlockingBootstrapper;
import org.neo4j.server.CommunityBootstrapper;
import org.neo4j.server.security.SecureHasher;
import org.neo4j.server.security.SystemGraphCredential;
import org.neo4j.server.security.auth.FileUserRepository;

/**
 * Runs Neo4j Community as a local, loopback-only server for respgraph.
 *
 * <pre>
 * java -cp CLASSPATH respgraph.server.Launcher --home DIR --bolt-port 7687 --http-port 7474 \
 *      --password-file DIR/password
 * </pre>
 *
 * Everything the server writes (data, transaction logs, debug logs, the pid
 * file) lives under DIR.  Bolt and HTTP listen on 127.0.0.1 only, and
 * authentication is on: the user {@code neo4j} gets the password held in the
 * password file (written by respgraph, readable by its owner only) as its
 * initial password, so that no other program or web page on the machine can
 * use the database.  The HTTP API answers cross-origin requests only from
 * the server's own address.  An HTTP port of 0 turns the HTTP connector (and
 * Neo4j Browser) off.  The guide at /respgraph/guide (see {@link GuideResource})
 * offers the Cypher library in Neo4j Browser.
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
        String passwordFile = options.get("password-file");

        Map<String, String> config = new HashMap<>();
        config.put("server.default_listen_address", "127.0.0.1");
        config.put("server.default_advertised_address", "127.0.0.1");
        config.put("server.bolt.enabled", "true");
        config.put("server.bolt.listen_address", "127.0.0.1:" + boltPort);
        config.put("server.bolt.advertised_address", "127.0.0.1:" + boltPort);
        config.put("server.bolt.tls_level", "DISABLED");
        config.put("server.http.enabled", Boolean.toString(httpPort > 0));
        if (httpPort > 0) {
            String origin = "http://127.0.0.1:" + httpPort;
            config.put("server.http.listen_address", "127.0.0.1:" + httpPort);
            config.put("server.http.advertised_address", "127.0.0.1:" + httpPort);
            // Neo4j answers "Access-Control-Allow-Origin: *" by default: any web page the
            // user visits could then read answers from the HTTP API.  Only Browser's own origin.
            config.put("dbms.security.http_access_control_allow_origin", origin);
            // The Cypher library as a Browser guide, played once Browser connects.
            config.put("server.unmanaged_extension_classes", "respgraph.server=/respgraph");
            config.put("dbms.security.http_auth_allowlist", "/,/browser.*,/respgraph/guide");
            config.put("browser.remote_content_hostname_whitelist", "127.0.0.1");
            config.put("browser.post_connect_cmd", "play " + origin + "/respgraph/guide");
        }
        config.put("server.https.enabled", "false");
        // Loopback is not enough: every program (and every web page, over Bolt's WebSocket)
        // on the machine can reach 127.0.0.1, so the database asks for the generated password.
        config.put("dbms.security.auth_enabled", Boolean.toString(passwordFile != null));
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
                        + "# Listen addresses, ports, folders, authentication and CORS are set by\n"
                        + "# respgraph's launcher and take precedence over this file; a listen\n"
                        + "# address outside loopback here stops `respgraph neo4j start`.\n");
            }
        } catch (Exception e) {
            System.err.println("Cannot create the server folders under " + home + ": " + e);
            System.exit(2);
        }
        if (passwordFile != null) {
            setInitialPassword(home, Path.of(passwordFile));
        }
        if (httpPort > 0) {
            GuideResource.setGuideFile(home.resolve("respgraph-guide.html"));
        }

        System.out.println("respgraph launcher: Neo4j home " + home
                + ", Bolt 127.0.0.1:" + boltPort
                + (httpPort > 0 ? ", HTTP 127.0.0.1:" + httpPort : ", HTTP off")
                + (passwordFile != null ? ", authentication on" : ", authentication OFF"));
        // Blocks until SIGTERM/SIGINT; the bootstrapper's shutdown hook stops the database.
        int code = new BlockingBootstrapper(new CommunityBootstrapper())
                .start(home, configFile, config, false, false);
        System.exit(code);
    }

    /**
     * Writes the initial user file (data/dbms/auth.ini) as {@code neo4j-admin dbms
     * set-initial-password} does.  Neo4j reads it when it creates the system
     * database, and on later starts while user neo4j still has the default
     * password: a server whose graph was made with authentication off gets the
     * password too.  A password changed since (in Browser) is left alone.
     */
    private static void setInitialPassword(Path home, Path passwordFile) {
        try {
            String password = Files.readString(passwordFile, StandardCharsets.UTF_8).strip();
            if (password.length() < 8) {
                System.err.println("respgraph launcher: the password in " + passwordFile + " is shorter than 8 characters");
                System.exit(2);
            }
            Path authFile = home.resolve("data").resolve("dbms").resolve("auth.ini");
            Files.createDirectories(authFile.getParent());
            Files.deleteIfExists(authFile);
            FileUserRepository users = new FileUserRepository(
                    new DefaultFileSystemAbstraction(), authFile, NullLogProvider.getInstance(), EmptyMemoryTracker.INSTANCE);
            users.start();
            users.create(new User("neo4j", null,
                    SystemGraphCredential.createCredentialForPassword(
                            password.getBytes(StandardCharsets.UTF_8), new SecureHasher()),
                    false, false));
            users.shutdown();
            // the file holds the password's hash: its owner's only, like the password file
            Files.setPosixFilePermissions(authFile, PosixFilePermissions.fromString("rw-------"));
        } catch (Exception e) {
            System.err.println("respgraph launcher: cannot set the initial password from " + passwordFile + ": " + e);
            System.exit(2);
        }
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
        System.err.println("usage: Launcher --home DIR [--bolt-port N] [--http-port N (0 = off)] [--pagecache SIZE]"
                + " [--password-file FILE (authentication on)]");
        System.exit(2);
    }
}
