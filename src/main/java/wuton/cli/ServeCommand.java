package wuton.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import wuton.TryOn;
import wuton.common.UserError;
import wuton.modelfile.InferenceOptions;
import wuton.serve.Server;
import wuton.serve.study.Study;
import wuton.serve.study.StudyRoutes;

/** {@code wuton serve}: the try-on web service and its shopper page, until SIGTERM or Ctrl-C. */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Serves try-on over HTTP: a page where a shopper picks a garment and sees it on a person, and a JSON"
        + " API (POST /api/tryon, GET /api/garments, /api/health, /api/metrics). Requests that arrive together are"
        + " run as one batch. SIGTERM or Ctrl-C finishes the try-ons already accepted, then stops."},
    footer = {"", "Example:  ./wuton serve --catalog shop/garments   (then open http://127.0.0.1:8080/)"})
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--catalog", paramLabel = "DIR",
        description = "A folder of garment images (JPEG, PNG, BMP, GIF), each known by its file name without the"
            + " extension. Without it, a dozen garments of a synthetic world are drawn at start-up.")
    Path catalog;

    @Option(names = "--study", paramLabel = "DIR",
        description = {"Also serve a user study prepared with 'wuton study' at /study; its results are at"
            + " /study/results with the token printed at start-up. See docs/study.md."})
    Path study;

    @Option(names = "--host", defaultValue = Server.DEFAULT_HOST, paramLabel = "ADDRESS",
        description = "The address to listen on (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 for every"
            + " network).")
    String host;

    @Option(names = "--port", defaultValue = "" + Server.DEFAULT_PORT, paramLabel = "PORT",
        description = "The port to listen on (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--max-batch", defaultValue = "" + Server.DEFAULT_MAX_BATCH, paramLabel = "N",
        description = "Try-ons per model call at most (default: ${DEFAULT-VALUE}).")
    int maxBatch;

    @Option(names = "--max-wait-ms", defaultValue = "" + Server.DEFAULT_MAX_WAIT_MS, paramLabel = "MS",
        description = "How long a try-on waits for others to share its model call (default: ${DEFAULT-VALUE}).")
    long maxWaitMs;

    @Option(names = "--queue", defaultValue = "" + Server.DEFAULT_QUEUE, paramLabel = "N",
        description = "Try-ons that may wait for the model; more are answered 503 with Retry-After"
            + " (default: ${DEFAULT-VALUE}).")
    int queue;

    @Option(names = "--max-upload-mb", defaultValue = "" + Server.DEFAULT_MAX_UPLOAD_MB, paramLabel = "MB",
        description = "The largest request body, photos together, in MiB; a larger one is answered 413"
            + " (default: ${DEFAULT-VALUE}).")
    double maxUploadMb;

    @Mixin
    PhotoOptions photoOptions;

    @Override
    public Integer call() throws InterruptedException {
        if (!(maxUploadMb > 0) || maxUploadMb > 2047) {
            throw new UserError("--max-upload-mb " + maxUploadMb + ": must be above 0 and below 2048");
        }
        Study prepared = study == null ? null : Study.read(study);
        String token = StudyRoutes.newToken();
        try (TryOn tryOn = modelOptions.open()) {
            Server.Builder settings = Server.builder(tryOn).catalog(catalog).host(host).port(port).maxBatch(maxBatch)
                .maxWaitMillis(maxWaitMs).queue(queue).maxUploadBytes(Math.round(maxUploadMb * (1 << 20)))
                .imageLimits(photoOptions.limits()).device(modelOptions.device.name().toLowerCase(java.util.Locale.ROOT));
            if (prepared != null) {
                settings.study(prepared, token);
            }
            Server server = settings.start();
            // SIGTERM and Ctrl-C run the hooks: the server finishes what it accepted before the JVM goes
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "wuton-serve-shutdown"));
            String how = tryOn.inferenceOptions().equals(InferenceOptions.DEFAULT) ? ""
                : " in " + tryOn.inferenceOptions().describe();
            spec.commandLine().getOut().println("serving " + tryOn.describe() + how + " with " + server.garmentCount()
                + " garments at http://" + host + ":" + server.port() + "/");
            if (prepared != null) {
                spec.commandLine().getOut().println("study at http://" + host + ":" + server.port() + "/study; results at"
                    + " http://" + host + ":" + server.port() + "/study/results?token=" + token);
            }
            spec.commandLine().getOut().flush();
            server.awaitClosed();
        }
        return 0;
    }
}
