package io.flotilla.embedded;
import java.nio.file.*;
import java.util.List;
public class Probe {
  public static void main(String[] a) throws Exception {
    Path d = Files.createTempDirectory("probe");
    long t=System.nanoTime();
    EmbeddedNode n = new EmbeddedNode("n1", 3499, d, List.of(), EmbeddedNode.localRootInitSql());
    try {
    n.start();
    System.out.println("started ms " + (System.nanoTime()-t)/1_000_000 + " pid " + n.pid());
    n.kill();
    t=System.nanoTime();
    n.start();
    System.out.println("restarted ms " + (System.nanoTime()-t)/1_000_000);
    } finally { n.close(); }
  }
}
