import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBRequestHandler;
import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBServerHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;

/**
 * DynamoDB Local, in memory, on 127.0.0.1 only: the jar's own launcher has no host option and listens on
 * every interface, so this builds the same request handler behind a loopback connector. Port 0 takes a
 * free port, printed once listening. It stops when its standard input closes, so it never outlives the
 * process that started it, however that one ends. No telemetry: the launcher that would send it is not used.
 */
public class LoopbackDynamoDbLocal {
  public static void main(String[] args) throws Exception {
    // The arguments ServerRunner passes: no transient-status delay, in memory, no file, one database for every credential.
    LocalDynamoDBRequestHandler requests = new LocalDynamoDBRequestHandler(0, true, null, true, false);
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ContextHandler context = new ContextHandler();
    // No CORS allow-list: a web page cannot read from the engine.
    context.setHandler(new LocalDynamoDBServerHandler(requests, null));
    server.setHandler(context);
    server.start();
    System.out.println("listening on http://127.0.0.1:" + connector.getLocalPort());
    System.out.flush();
    while (System.in.read() != -1) {
      // Input is ignored; only its end matters.
    }
    server.stop();
    requests.shutdown();
    System.exit(0);
  }
}
