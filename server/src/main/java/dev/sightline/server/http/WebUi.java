package dev.sightline.server.http;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ServerCacheControl;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.file.FileService;
import com.linecorp.armeria.server.file.HttpFile;

/**
 * The web UI: the single-page app's files from the classpath (the {@code ui} module's jar, under
 * {@value #ROOT}), served at {@code /}. Hashed bundles under {@code /assets/} are cached for good;
 * everything else is revalidated. Any other path that names no file (a client-side route such as
 * {@code /traces/4bf9…}) gets {@code index.html}, so links and reloads work. Routes registered
 * elsewhere ({@code /api/}, {@code /health}, {@code /metrics}) are more specific and keep precedence.
 */
public final class WebUi {
  static final String ROOT = "META-INF/sightline-ui";

  private WebUi() {}

  public static void install(ServerBuilder sb) {
    ClassLoader loader = WebUi.class.getClassLoader();
    if (loader.getResource(ROOT + "/index.html") == null) {
      sb.serviceUnder("/", (ctx, req) -> HttpResponse.of(HttpStatus.NOT_FOUND, MediaType.PLAIN_TEXT_UTF_8,
          "The web UI is not part of this build (module ui). The API is at /api/."));
      return;
    }
    HttpService index = HttpFile.builder(loader, ROOT + "/index.html")
        .cacheControl(ServerCacheControl.REVALIDATED).build().asService();
    sb.serviceUnder("/assets/", FileService.builder(loader, ROOT + "/assets")
        .cacheControl(ServerCacheControl.IMMUTABLE).serveCompressedFiles(true).build());
    sb.serviceUnder("/", FileService.builder(loader, ROOT)
        .cacheControl(ServerCacheControl.REVALIDATED).build().orElse(index));
  }
}
