import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.lang.reflect.Field;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * DynamoDB Local as its own ServerRunner builds it, but listening on 127.0.0.1 only (the jar
 * has no option for the address, and its Jetty server would otherwise take every interface),
 * and exiting when its standard input closes: when the process that started it dies, however
 * it dies, the pipe closes and no JVM is left behind.
 */
public class LoopbackDynamoDbLocal {
  public static void main(String[] args) throws Exception {
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
    Field field = DynamoDBProxyServer.class.getDeclaredField("server");
    field.setAccessible(true);
    Server server = (Server) field.get(proxy);
    for (Connector connector : server.getConnectors()) {
      if (connector instanceof ServerConnector serverConnector) serverConnector.setHost("127.0.0.1");
    }
    proxy.start();
    System.out.println("DynamoDB Local listening on 127.0.0.1");
    Thread watchdog = new Thread(() -> {
      try {
        while (System.in.read() != -1) {
          // the parent never writes; EOF means it is gone
        }
      } catch (java.io.IOException ignored) {
        // same as EOF
      }
      Runtime.getRuntime().halt(0);
    });
    watchdog.setDaemon(true);
    watchdog.start();
  }
}
