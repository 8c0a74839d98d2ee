package dev.eventual.html;

import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.extension.AbstractExtension;
import io.pebbletemplates.pebble.extension.Function;
import io.pebbletemplates.pebble.loader.ClasspathLoader;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.templ.pebble.PebbleTemplateEngine;
import org.unbescape.html.HtmlEscape;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The pages without JavaScript, rendered by Pebble (autoescaping: every value is HTML-escaped unless a template says
 * otherwise, and ours never do) into the enhanced page's own shell, {@code webroot/index.html}: one document serves
 * both, the server's HTML first and the app over it once its scripts run. {@code <!--plain-->} marks where the
 * server's HTML goes; the shell's {@code <noscript>} lines (which send a browser without scripts from {@code /} to
 * {@code /lists}) are left out of these pages.
 */
public final class Html {
  static final String MARK = "<!--plain-->";
  static final String NOSCRIPT_HEAD = "<noscript><meta http-equiv=\"refresh\" content=\"0; url=/lists\"></noscript>";
  static final String NOSCRIPT_BODY = "<noscript><p class=\"noscript\"><a href=\"/lists\">Use Eventual without JavaScript</a></p></noscript>";
  private static final String TITLE = "<title>Eventual — shared todo lists</title>";

  private final PebbleTemplateEngine engine;
  private final Future<String[]> shell;

  public Html(Vertx vertx) {
    ClasspathLoader loader = new ClasspathLoader();
    loader.setPrefix("templates");
    engine = PebbleTemplateEngine.create(vertx, new PebbleEngine.Builder().loader(loader).autoEscaping(true)
      .extension(new Keys()).build());
    shell = vertx.fileSystem().readFile("webroot/index.html").map(file -> split(file.toString()));
  }

  /** The shell split around the title and the mark; fails when the shell lost one of them. */
  static String[] split(String page) {
    for (String part : List.of(MARK, TITLE, NOSCRIPT_HEAD, NOSCRIPT_BODY)) {
      if (!page.contains(part)) {
        throw new IllegalStateException("webroot/index.html has no " + part + " any more: the server's pages need it");
      }
    }
    String bare = page.replace(NOSCRIPT_HEAD, "").replace(NOSCRIPT_BODY, "");
    int title = bare.indexOf(TITLE);
    int mark = bare.indexOf(MARK);
    return new String[] {bare.substring(0, title), bare.substring(title + TITLE.length(), mark), bare.substring(mark + MARK.length())};
  }

  /** Whether the shell was read: a node without it would serve no page. */
  public Future<Void> ready() {
    return shell.mapEmpty();
  }

  /** The page {@code template} (under {@code templates/}) makes of {@code data}, inside the shell, titled {@code title}. */
  public Future<Buffer> render(String template, String title, Map<String, Object> data) {
    return shell.compose(parts -> engine.render(data, template).map(body -> Buffer.buffer(parts[0])
      .appendString("<title>" + HtmlEscape.escapeHtml4Xml(title) + " — Eventual</title>").appendString(parts[1])
      .appendString("<div id=\"plain\">").appendBuffer(body).appendString("</div>").appendString(parts[2])));
  }

  /** {@code newKey()}: a fresh Idempotency-Key for each form a page renders, so a second post of it is the same command. */
  private static final class Keys extends AbstractExtension {
    @Override
    public Map<String, Function> getFunctions() {
      return Map.of("newKey", new Function() {
        @Override
        public Object execute(Map<String, Object> args, io.pebbletemplates.pebble.template.PebbleTemplate self,
                              io.pebbletemplates.pebble.template.EvaluationContext context, int line) {
          return UUID.randomUUID().toString();
        }

        @Override
        public List<String> getArgumentNames() {
          return List.of();
        }
      });
    }
  }
}
