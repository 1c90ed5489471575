package respgraph.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.ws.rs.GET;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Response;

/**
 * Serves respgraph's Cypher library as a Neo4j Browser guide at
 * {@code /respgraph/guide} (an unmanaged extension mounted by the Launcher).
 *
 * The guide is an HTML file that respgraph writes into the server's home at
 * every start, from the library shipped with the package; this class only
 * hands it out.  It holds no data from the database and needs no password,
 * so Browser can fetch it before and after connecting.
 */
@javax.ws.rs.Path("/guide")
public class GuideResource {

    private static volatile Path guideFile;

    static void setGuideFile(Path file) {
        guideFile = file;
    }

    @GET
    @Produces("text/html; charset=utf-8")
    public Response guide() {
        Path file = guideFile;
        if (file == null || !Files.isRegularFile(file)) {
            return Response.status(Response.Status.NOT_FOUND).type("text/plain")
                    .entity("no guide: respgraph writes it at start").build();
        }
        try {
            return Response.ok(Files.readString(file, StandardCharsets.UTF_8)).build();
        } catch (IOException e) {
            return Response.serverError().type("text/plain").entity("cannot read the guide: " + e).build();
        }
    }
}
